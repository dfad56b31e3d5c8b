import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AuditEntityType } from './audit.enums';

/** A state field as kept in `before`/`after`: ids, statuses, dates, numbers, reasons; no names. */
export type AuditValue = string | number | boolean | null | number[];

/** The state of a record before or after a change, as far as the audit keeps it. */
export type AuditState = Record<string, AuditValue>;

/**
 * Who did what to which record, when, with the state before and after. Written in the same
 * transaction as the change it describes, so a change that rolls back leaves no event. Rows are
 * never updated; they carry no foreign keys, so history outlives the records it mentions.
 */
@Entity('audit_event')
@Index('audit_event_pool_id_seq_idx', ['poolId', 'seq'])
@Index('audit_event_entity_type_entity_id_seq_idx', ['entityType', 'entityId', 'seq'])
@Check('audit_event_actor_check', `("actor_role" = 'SYSTEM') = ("actor_user_id" IS NULL)`)
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_event_pkey' })
  id!: string;

  /** Order of recording, also within one transaction (where `occurredAt` is the same). */
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  @Generated('increment')
  seq!: string;

  /** The transaction's time. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  /** The acting user; null for the service itself. */
  @Column('uuid', { nullable: true })
  actorUserId!: string | null;

  /** The actor's role (`ADMIN`, `POOL_COORDINATOR`, `COMPANY_HR`, `EMPLOYEE`) or `SYSTEM`. */
  @Column({ type: 'varchar', length: 32 })
  actorRole!: string;

  /** The acting user's company (HR, employee), so a company can tell its own people's actions. */
  @Column('uuid', { nullable: true })
  actorCompanyId!: string | null;

  /** What happened, `<entity>.<verb>`, e.g. `proposal.accepted`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 40 })
  entityType!: AuditEntityType;

  @Column('uuid')
  entityId!: string;

  /** The pool the record belongs to: its coordinators read the event. */
  @Column('uuid', { nullable: true })
  poolId!: string | null;

  /** The companies party to the record: their HR reads the event. GIN index for `@>`. */
  @Index('audit_event_company_ids_idx', { synchronize: false })
  @Column('uuid', { array: true, default: () => "'{}'" })
  companyIds!: string[];

  @Column('jsonb', { nullable: true })
  before!: AuditState | null;

  @Column('jsonb', { nullable: true })
  after!: AuditState | null;
}

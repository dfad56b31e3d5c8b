import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Pool } from '../pools/pool.entity';
import { CompanyKind, MembershipStatus } from './company.enums';

/** A member firm (or a vocational school that borrows teachers). */
@Entity('company')
@Unique('company_kvk_number_key', ['kvkNumber'])
@Index('company_name_idx', ['name'])
@Check('company_kvk_number_check', `"kvk_number" ~ '^[0-9]{8}$'`)
@Check('company_latitude_check', '"latitude" BETWEEN -90 AND 90')
@Check('company_longitude_check', '"longitude" BETWEEN -180 AND 180')
export class Company {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'company_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'char', length: 8 })
  kvkNumber!: string;

  @Column({
    type: 'enum',
    enum: CompanyKind,
    enumName: 'company_kind',
    default: CompanyKind.EMPLOYER,
  })
  kind!: CompanyKind;

  @Column({ type: 'varchar', length: 7 })
  postcode!: string;

  @Column({ type: 'varchar', length: 100 })
  city!: string;

  @Column('double precision')
  latitude!: number;

  @Column('double precision')
  longitude!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** A company's membership of a pool and its state. */
@Entity('pool_membership')
@Unique('pool_membership_pool_id_company_id_key', ['poolId', 'companyId'])
@Index('pool_membership_company_id_idx', ['companyId'])
export class PoolMembership {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pool_membership_pkey' })
  id!: string;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'pool_membership_pool_id_fkey' })
  pool?: Pool;

  @Column('uuid')
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'pool_membership_company_id_fkey' })
  company?: Company;

  @Column({
    type: 'enum',
    enum: MembershipStatus,
    enumName: 'membership_status',
    default: MembershipStatus.PENDING,
  })
  status!: MembershipStatus;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column('uuid', { nullable: true })
  decidedByUserId!: string | null;
}

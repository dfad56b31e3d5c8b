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
import { numericTransformer } from '../database/transformers';

/** A lending pool run by a branch association or business circle. */
@Entity('pool')
@Unique('pool_name_key', ['name'])
export class Pool {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pool_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  region!: string;

  @Column({ type: 'varchar', length: 100 })
  branch!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** One version of a pool's agreed terms; a loan keeps the version it was made under. */
@Entity('pool_terms')
@Unique('pool_terms_pool_id_version_key', ['poolId', 'version'])
@Index('pool_terms_pool_id_effective_from_idx', ['poolId', 'effectiveFrom'])
@Check('pool_terms_version_check', '"version" >= 1')
@Check(
  'pool_terms_max_overhead_percent_check',
  '"max_overhead_percent" >= 0 AND "max_overhead_percent" <= 100',
)
@Check('pool_terms_max_loan_weeks_check', '"max_loan_weeks" BETWEEN 1 AND 52')
@Check('pool_terms_min_lead_time_hours_check', '"min_lead_time_hours" BETWEEN 0 AND 2160')
@Check('pool_terms_recall_notice_days_check', '"recall_notice_days" BETWEEN 0 AND 90')
@Check('pool_terms_max_travel_km_check', '"max_travel_km" BETWEEN 1 AND 500')
@Check('pool_terms_min_coverage_check', '"min_coverage" > 0 AND "min_coverage" <= 1')
@Check('pool_terms_no_poaching_months_check', '"no_poaching_months" BETWEEN 0 AND 60')
@Check(
  'pool_terms_late_cancellation_check',
  '"late_cancellation_hours" BETWEEN 0 AND 720 AND "late_cancellation_charge_hours" BETWEEN 0 AND 200',
)
@Check(
  'pool_terms_weights_check',
  '"weight_skill" >= 0 AND "weight_coverage" >= 0 AND "weight_distance" >= 0 AND "weight_rotation" >= 0 AND ("weight_skill" + "weight_coverage" + "weight_distance" + "weight_rotation") > 0',
)
export class PoolTerms {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pool_terms_pkey' })
  id!: string;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'pool_terms_pool_id_fkey' })
  pool?: Pool;

  @Column('int')
  version!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  effectiveFrom!: Date;

  @Column({ type: 'numeric', precision: 5, scale: 2, default: 0, transformer: numericTransformer })
  maxOverheadPercent!: number;

  @Column('int', { default: 26 })
  maxLoanWeeks!: number;

  @Column('int', { default: 48 })
  minLeadTimeHours!: number;

  @Column('int', { default: 5 })
  recallNoticeDays!: number;

  @Column('int', { default: 50 })
  maxTravelKm!: number;

  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => '0.5',
    transformer: numericTransformer,
  })
  minCoverage!: number;

  @Column('boolean', { default: true })
  requireEmployeeConsent!: boolean;

  @Column('boolean', { default: true })
  allowStandingConsent!: boolean;

  @Column('int', { default: 6 })
  noPoachingMonths!: number;

  @Column('int', { default: 48 })
  lateCancellationHours!: number;

  @Column('int', { default: 8 })
  lateCancellationChargeHours!: number;

  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => '0.4',
    transformer: numericTransformer,
  })
  weightSkill!: number;

  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => '0.3',
    transformer: numericTransformer,
  })
  weightCoverage!: number;

  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => '0.2',
    transformer: numericTransformer,
  })
  weightDistance!: number;

  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    default: () => '0.1',
    transformer: numericTransformer,
  })
  weightRotation!: number;

  @Column('uuid', { nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

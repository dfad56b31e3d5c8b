import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Company } from '../companies/company.entity';
import { Pool } from '../pools/pool.entity';
import { Skill } from '../skills/skill.entity';
import { DateRange, dateRangeTransformer, numericTransformer } from '../database/transformers';
import { DemandStatus } from './demand.enums';

/** A peak: a borrower's request for hands in one pool. */
@Entity('demand_request')
@Index('demand_request_pool_id_status_idx', ['poolId', 'status'])
@Index('demand_request_company_id_idx', ['companyId'])
@Index('demand_request_pool_id_posted_at_id_idx', ['poolId', 'postedAt', 'id'])
@Index('demand_request_posted_at_id_idx', ['postedAt', 'id'])
// The key a requirement's copy of the demand's pool and company refers to.
@Unique('demand_request_id_pool_id_company_id_key', ['id', 'poolId', 'companyId'])
@Check(
  'demand_request_period_check',
  'NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")',
)
@Check(
  'demand_request_half_days_check',
  `cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]`,
)
@Check('demand_request_hours_per_week_check', '"hours_per_week" > 0 AND "hours_per_week" <= 60')
@Check('demand_request_headcount_check', '"headcount" BETWEEN 1 AND 100')
@Check(
  'demand_request_max_travel_km_check',
  '"max_travel_km" IS NULL OR "max_travel_km" BETWEEN 1 AND 500',
)
@Check(
  'demand_request_max_hourly_rate_cents_check',
  '"max_hourly_rate_cents" IS NULL OR "max_hourly_rate_cents" > 0',
)
@Check('demand_request_site_latitude_check', '"site_latitude" BETWEEN -90 AND 90')
@Check('demand_request_site_longitude_check', '"site_longitude" BETWEEN -180 AND 180')
@Check('demand_request_version_check', '"version" >= 1')
export class DemandRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'demand_request_pkey' })
  id!: string;

  /** The borrower. */
  @Column('uuid')
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'demand_request_company_id_fkey' })
  company?: Company;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'demand_request_pool_id_fkey' })
  pool?: Pool;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 5000, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 7 })
  sitePostcode!: string;

  @Column({ type: 'varchar', length: 100 })
  siteCity!: string;

  @Column('double precision')
  siteLatitude!: number;

  @Column('double precision')
  siteLongitude!: number;

  /** GiST index `demand_request_pool_id_period_idx` (pool_id, period). */
  @Index('demand_request_pool_id_period_idx', { synchronize: false })
  @Column({ type: 'daterange', transformer: dateRangeTransformer })
  period!: DateRange;

  @Column('int', { array: true })
  halfDays!: number[];

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  hoursPerWeek!: number;

  @Column('int')
  headcount!: number;

  @Column('int', { nullable: true })
  maxTravelKm!: number | null;

  @Column('int', { nullable: true })
  maxHourlyRateCents!: number | null;

  @Column({
    type: 'enum',
    enum: DemandStatus,
    enumName: 'demand_status',
    default: DemandStatus.OPEN,
  })
  status!: DemandStatus;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  postedAt!: Date;

  @Column('uuid', { nullable: true })
  postedByUserId!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  cancelReason!: string | null;

  @Column('int', { default: 1 })
  version!: number;
}

/** A skill a demand asks for: mandatory ones filter candidates, nice-to-haves add to the score. */
@Entity('demand_skill_requirement')
@Index('demand_skill_requirement_skill_id_idx', ['skillId'])
@Check('demand_skill_requirement_min_level_check', '"min_level" BETWEEN 1 AND 5')
export class DemandSkillRequirement {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'demand_skill_requirement_pkey' })
  demandId!: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'demand_skill_requirement_pkey' })
  skillId!: string;

  /**
   * The demand's pool and company, copied so that the row-level security policy reads the row
   * itself (RequirementTenantColumns1763960000000): a trigger sets them from the demand on
   * insert, and the foreign key below keeps them equal to the demand's. Never written by code.
   */
  @Column({ type: 'uuid', insert: false, update: false })
  poolId!: string;

  @Column({ type: 'uuid', insert: false, update: false })
  companyId!: string;

  @ManyToOne(() => DemandRequest, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    {
      name: 'demand_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'demand_skill_requirement_demand_fkey',
    },
    { name: 'pool_id', referencedColumnName: 'poolId' },
    { name: 'company_id', referencedColumnName: 'companyId' },
  ])
  demand?: DemandRequest;

  @ManyToOne(() => Skill, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'skill_id',
    foreignKeyConstraintName: 'demand_skill_requirement_skill_id_fkey',
  })
  skill?: Skill;

  @Column('smallint')
  minLevel!: number;

  @Column('boolean', { default: true })
  mandatory!: boolean;
}

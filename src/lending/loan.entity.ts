import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Company } from '../companies/company.entity';
import { DemandRequest } from '../demand/demand-request.entity';
import { Employee } from '../employees/employee.entity';
import { MatchProposal } from '../matching/match-proposal.entity';
import { Pool, PoolTerms } from '../pools/pool.entity';
import { DateRange, dateRangeTransformer, numericTransformer } from '../database/transformers';
import { LoanStatus } from './lending.enums';

/**
 * The lending agreement. An employee is never booked twice for the same half-day: two live loans
 * of one employee never overlap in both period and half-days (exclusion constraint, btree_gist +
 * intarray). A recall shortens the period to its effective date, so the guarantee stays exact.
 */
@Entity('loan')
@Unique('loan_proposal_id_key', ['proposalId'])
@Exclusion(
  'loan_employee_period_half_days_excl',
  `USING gist ("employee_id" WITH =, "period" WITH &&, "half_days" gist__int_ops WITH &&) WHERE ("status" IN ('PLANNED', 'ACTIVE', 'RECALLED'))`,
)
@Index('loan_lender_company_id_idx', ['lenderCompanyId'])
@Index('loan_employee_id_idx', ['employeeId'])
@Index('loan_borrower_company_id_idx', ['borrowerCompanyId'])
@Index('loan_demand_id_idx', ['demandId'])
@Index('loan_pool_id_status_idx', ['poolId', 'status'])
@Check(
  'loan_period_check',
  'NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")',
)
@Check(
  'loan_half_days_check',
  `cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]`,
)
@Check('loan_hours_per_week_check', '"hours_per_week" > 0 AND "hours_per_week" <= 60')
@Check('loan_hourly_rate_cents_check', '"hourly_rate_cents" > 0')
@Check('loan_parties_check', '"lender_company_id" <> "borrower_company_id"')
@Check('loan_version_check', '"version" >= 1')
@Check(
  'loan_late_cancellation_charge_hours_check',
  '"late_cancellation_charge_hours" IS NULL OR "late_cancellation_charge_hours" >= 0',
)
export class Loan {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'loan_pkey' })
  id!: string;

  @Column('uuid', { nullable: true })
  proposalId!: string | null;

  @ManyToOne(() => MatchProposal, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'loan_proposal_id_fkey' })
  proposal?: MatchProposal;

  @Column('uuid')
  demandId!: string;

  @ManyToOne(() => DemandRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'loan_demand_id_fkey' })
  demand?: DemandRequest;

  @Column('uuid')
  employeeId!: string;

  @ManyToOne(() => Employee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'loan_employee_id_fkey' })
  employee?: Employee;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'loan_pool_id_fkey' })
  pool?: Pool;

  @Column('uuid')
  lenderCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'lender_company_id',
    foreignKeyConstraintName: 'loan_lender_company_id_fkey',
  })
  lenderCompany?: Company;

  @Column('uuid')
  borrowerCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'borrower_company_id',
    foreignKeyConstraintName: 'loan_borrower_company_id_fkey',
  })
  borrowerCompany?: Company;

  /** The terms version the loan was made under. */
  @Column('uuid')
  termsId!: string;

  @ManyToOne(() => PoolTerms, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'terms_id', foreignKeyConstraintName: 'loan_terms_id_fkey' })
  terms?: PoolTerms;

  @Column({ type: 'daterange', transformer: dateRangeTransformer })
  period!: DateRange;

  @Column('int', { array: true })
  halfDays!: number[];

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  hoursPerWeek!: number;

  /** Cost price per hour (plus at most the terms' overhead cap), in cents. */
  @Column('int')
  hourlyRateCents!: number;

  @Column({ type: 'enum', enum: LoanStatus, enumName: 'loan_status', default: LoanStatus.PLANNED })
  status!: LoanStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  endReason!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt!: Date | null;

  /**
   * After a recall: the first day the employee is back with the lender (the period then ends the
   * day before; a loan that would only have started on or after it is CANCELLED instead).
   */
  @Column('date', { nullable: true })
  recallEffectiveDate!: string | null;

  /**
   * Hours the borrower owes the lender for cancelling late (the terms' charge, set when it
   * cancelled within `lateCancellationHours` of the start or later); billed by settlement.
   */
  @Column('int', { nullable: true })
  lateCancellationChargeHours!: number | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

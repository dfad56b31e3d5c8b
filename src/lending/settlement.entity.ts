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
import { Company } from '../companies/company.entity';
import { numericTransformer } from '../database/transformers';
import { Employee } from '../employees/employee.entity';
import { Pool } from '../pools/pool.entity';
import { Loan } from './loan.entity';

/**
 * One closed settlement month of a pool. Closing is once: a second close returns this record,
 * and no hours can be submitted or approved into a closed month any more.
 */
@Entity('settlement_month')
@Unique('settlement_month_pool_id_month_key', ['poolId', 'month'])
@Check('settlement_month_month_check', `EXTRACT(DAY FROM "month") = 1`)
@Check(
  'settlement_month_counts_check',
  '"left_out_entries" >= 0 AND "settlement_count" >= 0 AND "total_amount_cents" >= 0',
)
export class SettlementMonth {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'settlement_month_pkey' })
  id!: string;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'settlement_month_pool_id_fkey' })
  pool?: Pool;

  /** First day of the month, `YYYY-MM-01`. */
  @Column('date')
  month!: string;

  @Column('uuid', { nullable: true })
  closedByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  closedAt!: Date;

  /** Entries still SUBMITTED or DISPUTED when the month was closed with `force`; never billed. */
  @Column('int', { default: 0 })
  leftOutEntries!: number;

  @Column('int', { default: 0 })
  settlementCount!: number;

  /** Sum of the month's settlements, in cents (bigint: a pool's month may pass 2^31). */
  @Column('bigint', { default: 0, transformer: numericTransformer })
  totalAmountCents!: number;
}

/**
 * What a borrower owes a lender for one loan in one month, at cost price: approved hours × the
 * loan's hourly rate, plus the late-cancellation charge, in integer cents. No margin, ever.
 */
@Entity('settlement')
@Unique('settlement_loan_id_month_key', ['loanId', 'month'])
@Index('settlement_settlement_month_id_idx', ['settlementMonthId'])
@Index('settlement_pool_id_month_idx', ['poolId', 'month'])
@Index('settlement_lender_company_id_month_idx', ['lenderCompanyId', 'month'])
@Index('settlement_borrower_company_id_month_idx', ['borrowerCompanyId', 'month'])
@Check('settlement_month_check', `EXTRACT(DAY FROM "month") = 1`)
@Check('settlement_hours_check', '"approved_hours" >= 0 AND "entry_count" >= 0')
@Check('settlement_hourly_rate_cents_check', '"hourly_rate_cents" > 0')
@Check(
  'settlement_amounts_check',
  '"hours_amount_cents" >= 0 AND "late_cancellation_hours" >= 0 AND "late_cancellation_amount_cents" >= 0 AND "total_amount_cents" = "hours_amount_cents" + "late_cancellation_amount_cents"',
)
@Check('settlement_parties_check', '"lender_company_id" <> "borrower_company_id"')
export class Settlement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'settlement_pkey' })
  id!: string;

  @Column('uuid')
  settlementMonthId!: string;

  @ManyToOne(() => SettlementMonth, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'settlement_month_id',
    foreignKeyConstraintName: 'settlement_settlement_month_id_fkey',
  })
  settlementMonth?: SettlementMonth;

  @Column('uuid')
  loanId!: string;

  @ManyToOne(() => Loan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'settlement_loan_id_fkey' })
  loan?: Loan;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'settlement_pool_id_fkey' })
  pool?: Pool;

  @Column('uuid')
  lenderCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'lender_company_id',
    foreignKeyConstraintName: 'settlement_lender_company_id_fkey',
  })
  lenderCompany?: Company;

  @Column('uuid')
  borrowerCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'borrower_company_id',
    foreignKeyConstraintName: 'settlement_borrower_company_id_fkey',
  })
  borrowerCompany?: Company;

  @Column('uuid')
  employeeId!: string;

  @ManyToOne(() => Employee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'settlement_employee_id_fkey' })
  employee?: Employee;

  /** First day of the month, `YYYY-MM-01`. */
  @Column('date')
  month!: string;

  /** Sum of the month's APPROVED and COUNTER_ACCEPTED hours. */
  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numericTransformer })
  approvedHours!: number;

  @Column('int')
  entryCount!: number;

  /** The loan's rate (cost price), copied so the settlement reads alone. */
  @Column('int')
  hourlyRateCents!: number;

  /** round(approvedHours × hourlyRateCents), half away from zero. */
  @Column('int')
  hoursAmountCents!: number;

  @Column('int', { default: 0 })
  lateCancellationHours!: number;

  @Column('int', { default: 0 })
  lateCancellationAmountCents!: number;

  @Column('int')
  totalAmountCents!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

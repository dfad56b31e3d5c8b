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
  UpdateDateColumn,
} from 'typeorm';
import { numericTransformer } from '../database/transformers';
import { Employee } from '../employees/employee.entity';
import { Loan } from './loan.entity';
import { TimesheetStatus } from './timesheet.enums';

/**
 * Hours worked on a loan on one date: one entry per loan and date. `employee_id` repeats the
 * loan's employee (which never changes) so that the Working Hours Act check, which counts one
 * employee's hours over all loans, reads one index.
 */
@Entity('timesheet_entry')
@Unique('timesheet_entry_loan_id_work_date_key', ['loanId', 'workDate'])
@Index('timesheet_entry_employee_id_work_date_idx', ['employeeId', 'workDate'])
@Check('timesheet_entry_hours_check', '"hours" > 0 AND "hours" <= 12')
@Check(
  'timesheet_entry_counter_hours_check',
  '"counter_hours" IS NULL OR ("counter_hours" > 0 AND "counter_hours" <= 12)',
)
@Check('timesheet_entry_dispute_check', `"status" <> 'DISPUTED' OR "counter_hours" IS NOT NULL`)
@Check('timesheet_entry_version_check', '"version" >= 1')
export class TimesheetEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'timesheet_entry_pkey' })
  id!: string;

  @Column('uuid')
  loanId!: string;

  @ManyToOne(() => Loan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'timesheet_entry_loan_id_fkey' })
  loan?: Loan;

  @Column('uuid')
  employeeId!: string;

  @ManyToOne(() => Employee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'timesheet_entry_employee_id_fkey' })
  employee?: Employee;

  /** The calendar date worked (Dutch calendar), `YYYY-MM-DD`. */
  @Column('date')
  workDate!: string;

  /** Hours claimed by the borrower; after an accepted counter-proposal, the agreed hours. */
  @Column({ type: 'numeric', precision: 4, scale: 2, transformer: numericTransformer })
  hours!: number;

  @Column({
    type: 'enum',
    enum: TimesheetStatus,
    enumName: 'timesheet_status',
    default: TimesheetStatus.SUBMITTED,
  })
  status!: TimesheetStatus;

  /** The lender's counter-proposal while DISPUTED (kept after it is accepted). */
  @Column({
    type: 'numeric',
    precision: 4,
    scale: 2,
    nullable: true,
    transformer: numericTransformer,
  })
  counterHours!: number | null;

  /** The borrower's comment. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  /** The lender's comment with a dispute. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  disputeNote!: string | null;

  @Column('uuid', { nullable: true })
  submittedByUserId!: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  submittedAt!: Date;

  /** Who last decided on it (approved, disputed, accepted the counter-proposal). */
  @Column('uuid', { nullable: true })
  decidedByUserId!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

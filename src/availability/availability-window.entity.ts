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
} from 'typeorm';
import { Company } from '../companies/company.entity';
import { Employee } from '../employees/employee.entity';
import { Pool } from '../pools/pool.entity';
import { DateRange, dateRangeTransformer, numericTransformer } from '../database/transformers';
import { AvailabilityStatus } from './availability.enums';

/**
 * Idle capacity: an employee's free period and half-days, offered in one pool. The exclusion
 * constraint guarantees that one employee's live windows in one pool never share a half-day in
 * overlapping periods (btree_gist for the uuid equality, intarray for the half-day overlap).
 */
@Entity('availability_window')
@Exclusion(
  'availability_window_employee_pool_period_half_days_excl',
  `USING gist ("employee_id" WITH =, "pool_id" WITH =, "period" WITH &&, "half_days" gist__int_ops WITH &&) WHERE ("status" = 'ACTIVE')`,
)
@Index('availability_window_company_id_idx', ['companyId'])
@Index('availability_window_employee_id_idx', ['employeeId'])
@Check(
  'availability_window_period_check',
  'NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")',
)
@Check(
  'availability_window_half_days_check',
  `cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]`,
)
@Check(
  'availability_window_hours_per_week_check',
  '"hours_per_week" > 0 AND "hours_per_week" <= 60',
)
export class AvailabilityWindow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'availability_window_pkey' })
  id!: string;

  @Column('uuid')
  employeeId!: string;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'employee_id',
    foreignKeyConstraintName: 'availability_window_employee_id_fkey',
  })
  employee?: Employee;

  /** The employer, kept beside the employee so pool-wide searches and policies need no join. */
  @Column('uuid')
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'company_id',
    foreignKeyConstraintName: 'availability_window_company_id_fkey',
  })
  company?: Company;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'availability_window_pool_id_fkey' })
  pool?: Pool;

  /** GiST index `availability_window_pool_id_period_idx` (pool_id, period) serves period-overlap search. */
  @Index('availability_window_pool_id_period_idx', { synchronize: false })
  @Column({ type: 'daterange', transformer: dateRangeTransformer })
  period!: DateRange;

  @Column('int', { array: true })
  halfDays!: number[];

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  hoursPerWeek!: number;

  @Column({
    type: 'enum',
    enum: AvailabilityStatus,
    enumName: 'availability_status',
    default: AvailabilityStatus.ACTIVE,
  })
  status!: AvailabilityStatus;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  withdrawnAt!: Date | null;
}

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
import { Employee } from '../employees/employee.entity';
import { Pool } from '../pools/pool.entity';
import { UserRole } from './actor';

/** A login. Its scope follows from its role: a company (HR), an employee, or pools (coordinator). */
@Entity('app_user')
@Unique('app_user_email_key', ['email'])
@Unique('app_user_employee_id_key', ['employeeId'])
@Index('app_user_company_id_idx', ['companyId'])
@Check('app_user_email_check', `"email" = lower("email") AND "email" LIKE '%_@_%'`)
@Check(
  'app_user_scope_check',
  `("role" = 'COMPANY_HR' AND "company_id" IS NOT NULL AND "employee_id" IS NULL)
   OR ("role" = 'EMPLOYEE' AND "company_id" IS NOT NULL AND "employee_id" IS NOT NULL)
   OR ("role" IN ('ADMIN', 'POOL_COORDINATOR') AND "company_id" IS NULL AND "employee_id" IS NULL)`,
)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'app_user_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash!: string;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role' })
  role!: UserRole;

  @Column('uuid', { nullable: true })
  companyId!: string | null;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'app_user_company_id_fkey' })
  company?: Company;

  @Column('uuid', { nullable: true })
  employeeId!: string | null;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'app_user_employee_id_fkey' })
  employee?: Employee;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** A coordinator's appointment to a pool. */
@Entity('pool_coordinator')
@Index('pool_coordinator_pool_id_idx', ['poolId'])
export class PoolCoordinator {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pool_coordinator_pkey' })
  userId!: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pool_coordinator_pkey' })
  poolId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'pool_coordinator_user_id_fkey' })
  user?: User;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'pool_coordinator_pool_id_fkey' })
  pool?: Pool;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

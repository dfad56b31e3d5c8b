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
  UpdateDateColumn,
} from 'typeorm';
import { Company } from '../companies/company.entity';
import { Skill } from '../skills/skill.entity';

/** A member firm's employee. Name, contact and cost price are confidential to the own company. */
@Entity('employee')
@Index('employee_company_id_last_name_idx', ['companyId', 'lastName'])
@Check('employee_home_location_check', '("home_latitude" IS NULL) = ("home_longitude" IS NULL)')
@Check('employee_home_latitude_check', '"home_latitude" BETWEEN -90 AND 90')
@Check('employee_home_longitude_check', '"home_longitude" BETWEEN -180 AND 180')
@Check('employee_max_travel_km_check', '"max_travel_km" BETWEEN 0 AND 500')
@Check('employee_hourly_cost_cents_check', '"hourly_cost_cents" BETWEEN 1 AND 100000')
@Check('employee_version_check', '"version" >= 1')
export class Employee {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'employee_pkey' })
  id!: string;

  @Column('uuid')
  companyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'employee_company_id_fkey' })
  company?: Company;

  @Column({ type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ type: 'varchar', length: 100 })
  lastName!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  workEmail!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  workPhone!: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  homePostcode!: string | null;

  @Column('double precision', { nullable: true })
  homeLatitude!: number | null;

  @Column('double precision', { nullable: true })
  homeLongitude!: number | null;

  @Column('int', { default: 30 })
  maxTravelKm!: number;

  @Column('boolean', { default: false })
  lendable!: boolean;

  @Column('int')
  hourlyCostCents!: number;

  @Column('date', { nullable: true })
  standingConsentDate!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** A skill an employee holds, at level 1-5; certificates carry their expiry. */
@Entity('employee_skill')
@Index('employee_skill_skill_id_level_idx', ['skillId', 'level'])
@Check('employee_skill_level_check', '"level" BETWEEN 1 AND 5')
export class EmployeeSkill {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'employee_skill_pkey' })
  employeeId!: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'employee_skill_pkey' })
  skillId!: string;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'employee_skill_employee_id_fkey' })
  employee?: Employee;

  @ManyToOne(() => Skill, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'skill_id', foreignKeyConstraintName: 'employee_skill_skill_id_fkey' })
  skill?: Skill;

  @Column('smallint')
  level!: number;

  @Column('date', { nullable: true })
  validUntil!: string | null;
}

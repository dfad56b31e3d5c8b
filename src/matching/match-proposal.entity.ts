import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Company } from '../companies/company.entity';
import { DemandRequest } from '../demand/demand-request.entity';
import { Employee } from '../employees/employee.entity';
import { Pool } from '../pools/pool.entity';
import { numericTransformer } from '../database/transformers';
import { ProposalStatus } from './matching.enums';
import { MatchRun } from './match-run.entity';

/** How a score was made up; returned by the API. */
export interface ScoreBreakdown {
  skill: number;
  coverage: number;
  distance: number;
  rotation: number;
}

/**
 * One employee proposed for one demand. At most one live proposal per demand and employee
 * (partial unique index `match_proposal_demand_id_employee_id_live_key`).
 */
@Entity('match_proposal')
@Index('match_proposal_demand_id_employee_id_live_key', ['demandId', 'employeeId'], {
  unique: true,
  where: `"status" IN ('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED')`,
})
@Index('match_proposal_employee_id_status_idx', ['employeeId', 'status'])
/** Declines of a demand, for the search's "declined before" rule; the demand's cascade. */
@Index('match_proposal_demand_id_status_idx', ['demandId', 'status'])
/** Live proposals of an employee and their demands, for the search's "already proposed" rule. */
@Index('match_proposal_employee_id_demand_id_live_idx', ['employeeId', 'demandId'], {
  where: `"status" IN ('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED')`,
})
@Index('match_proposal_lender_company_id_status_idx', ['lenderCompanyId', 'status'])
@Index('match_proposal_borrower_company_id_status_idx', ['borrowerCompanyId', 'status'])
@Index('match_proposal_run_id_idx', ['runId'])
/** Live proposals of a pool, for the expiry sweep of matching runs and coordinators' lists. */
@Index('match_proposal_pool_id_live_idx', ['poolId'], {
  where: `"status" IN ('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED')`,
})
@Check('match_proposal_score_check', '"score" >= 0 AND "score" <= 1')
@Check('match_proposal_coverage_check', '"coverage" > 0 AND "coverage" <= 1')
@Check('match_proposal_rate_cents_check', '"rate_cents" > 0')
@Check('match_proposal_parties_check', '"lender_company_id" <> "borrower_company_id"')
@Check('match_proposal_version_check', '"version" >= 1')
export class MatchProposal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'match_proposal_pkey' })
  id!: string;

  @Column('uuid', { nullable: true })
  runId!: string | null;

  @ManyToOne(() => MatchRun, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'match_proposal_run_id_fkey' })
  run?: MatchRun;

  @Column('uuid')
  demandId!: string;

  @ManyToOne(() => DemandRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'match_proposal_demand_id_fkey' })
  demand?: DemandRequest;

  @Column('uuid')
  employeeId!: string;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'match_proposal_employee_id_fkey' })
  employee?: Employee;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'match_proposal_pool_id_fkey' })
  pool?: Pool;

  @Column('uuid')
  lenderCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'lender_company_id',
    foreignKeyConstraintName: 'match_proposal_lender_company_id_fkey',
  })
  lenderCompany?: Company;

  @Column('uuid')
  borrowerCompanyId!: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'borrower_company_id',
    foreignKeyConstraintName: 'match_proposal_borrower_company_id_fkey',
  })
  borrowerCompany?: Company;

  @Column({ type: 'numeric', precision: 7, scale: 6, transformer: numericTransformer })
  score!: number;

  @Column('jsonb')
  scoreBreakdown!: ScoreBreakdown;

  @Column({ type: 'numeric', precision: 7, scale: 6, transformer: numericTransformer })
  coverage!: number;

  @Column({ type: 'numeric', precision: 7, scale: 2, transformer: numericTransformer })
  distanceKm!: number;

  @Column('int')
  rateCents!: number;

  @Column({
    type: 'enum',
    enum: ProposalStatus,
    enumName: 'proposal_status',
    default: ProposalStatus.PROPOSED,
  })
  status!: ProposalStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  declineReason!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

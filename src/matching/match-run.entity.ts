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
} from 'typeorm';
import { DemandRequest } from '../demand/demand-request.entity';
import { Pool } from '../pools/pool.entity';
import { numericTransformer } from '../database/transformers';
import { Optimality, UnfilledReason } from './matching.enums';

/** One batch matching run over a pool: when, by whom, and how well it did. */
@Entity('match_run')
@Index('match_run_pool_id_started_at_idx', ['poolId', 'startedAt'])
@Check(
  'match_run_counts_check',
  '"positions_filled" >= 0 AND "positions_filled" <= "positions_open" AND "demands_considered" >= 0',
)
export class MatchRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'match_run_pkey' })
  id!: string;

  @Column('uuid')
  poolId!: string;

  @ManyToOne(() => Pool, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'match_run_pool_id_fkey' })
  pool?: Pool;

  @Column('uuid', { nullable: true })
  triggeredByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  finishedAt!: Date;

  @Column('int')
  demandsConsidered!: number;

  @Column('int')
  positionsOpen!: number;

  @Column('int')
  positionsFilled!: number;

  @Column('int')
  candidatePairs!: number;

  @Column({ type: 'numeric', precision: 14, scale: 6, transformer: numericTransformer })
  totalScore!: number;

  @Column({ type: 'enum', enum: Optimality, enumName: 'match_optimality' })
  optimality!: Optimality;

  @Column({ type: 'numeric', precision: 14, scale: 6, transformer: numericTransformer })
  scoreBound!: number;

  @Column({ type: 'numeric', precision: 10, scale: 8, transformer: numericTransformer })
  gap!: number;

  @Column('int')
  solverMillis!: number;

  @Column('int')
  totalMillis!: number;

  /**
   * Where the run's time went, phase by phase (milliseconds; not stored): for operators' logs
   * and the matching benchmark.
   */
  phaseMillis?: Record<string, number>;
}

/** A position a run could not fill, and why. */
@Entity('match_unfilled')
@Index('match_unfilled_demand_id_idx', ['demandId'])
@Check('match_unfilled_positions_check', '"positions" >= 1')
export class MatchUnfilled {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'match_unfilled_pkey' })
  runId!: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'match_unfilled_pkey' })
  demandId!: string;

  @ManyToOne(() => MatchRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'match_unfilled_run_id_fkey' })
  run?: MatchRun;

  @ManyToOne(() => DemandRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'match_unfilled_demand_id_fkey' })
  demand?: DemandRequest;

  @Column('int')
  positions!: number;

  @Column({ type: 'enum', enum: UnfilledReason, enumName: 'match_unfilled_reason' })
  reason!: UnfilledReason;

  /** The skill nobody has (NO_SKILL). */
  @Column('uuid', { nullable: true })
  skillId!: string | null;

  @Column('int', { default: 0 })
  candidatesConsidered!: number;
}

import { DataSource } from 'typeorm';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { PoolTerms } from '../../src/pools/pool.entity';

/** A loan of `employee` to the demand's borrower (defaults: the demand's period and half-days). */
export async function newLoan(
  db: DataSource,
  employee: Employee,
  demand: DemandRequest,
  overrides: Partial<Loan> = {},
): Promise<Loan> {
  const terms = await db
    .getRepository(PoolTerms)
    .findOneOrFail({ where: { poolId: demand.poolId }, order: { version: 'DESC' } });
  return db.getRepository(Loan).save({
    demandId: demand.id,
    employeeId: employee.id,
    poolId: demand.poolId,
    lenderCompanyId: employee.companyId,
    borrowerCompanyId: demand.companyId,
    termsId: terms.id,
    period: demand.period,
    halfDays: demand.halfDays,
    hoursPerWeek: demand.hoursPerWeek,
    hourlyRateCents: employee.hourlyCostCents,
    status: LoanStatus.PLANNED,
    ...overrides,
  });
}

export async function newProposal(
  db: DataSource,
  employee: Employee,
  demand: DemandRequest,
  status: ProposalStatus = ProposalStatus.PROPOSED,
): Promise<MatchProposal> {
  return db.getRepository(MatchProposal).save({
    demandId: demand.id,
    employeeId: employee.id,
    poolId: demand.poolId,
    lenderCompanyId: employee.companyId,
    borrowerCompanyId: demand.companyId,
    score: 0.5,
    scoreBreakdown: { skill: 0.5, coverage: 0.5, distance: 0.5, rotation: 0.5 },
    coverage: 1,
    distanceKm: 1,
    rateCents: employee.hourlyCostCents,
    status,
  });
}

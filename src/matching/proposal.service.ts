import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { coordinates, requireActor } from '../auth/authorize';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { MatchProposalsArgs } from './matching.inputs';
import { MatchProposal } from './match-proposal.entity';
import { ProposalStatus } from './matching.enums';
import { ProposalExpiryService } from './proposal-expiry.service';

/**
 * Reading proposals, each side seeing its own: the lender's HR (its employees), the borrower's HR
 * (its demand, anonymously), the employee (its own), a coordinator (its pools, anonymously).
 */
@Injectable()
export class ProposalService {
  constructor(private readonly expiry: ProposalExpiryService) {}

  static restrict(qb: SelectQueryBuilder<MatchProposal>, actor: Actor): void {
    switch (actor.role) {
      case UserRole.ADMIN:
        return;
      case UserRole.POOL_COORDINATOR:
        qb.andWhere('p.pool_id = ANY(CAST(:scopePools AS uuid[]))', {
          scopePools: [...actor.poolIds],
        });
        return;
      case UserRole.COMPANY_HR:
        qb.andWhere(
          '(p.lender_company_id = :scopeCompany OR p.borrower_company_id = :scopeCompany)',
          {
            scopeCompany: actor.companyId,
          },
        );
        return;
      case UserRole.EMPLOYEE:
        qb.andWhere('p.employee_id = :scopeEmployee', { scopeEmployee: actor.employeeId });
        return;
    }
  }

  async list(
    ctx: RequestContext,
    args: MatchProposalsArgs,
  ): Promise<ConnectionPage<MatchProposal>> {
    const actor = requireActor(ctx);
    // Expiry is lazy: catch up on the proposals this list would show before listing them.
    await this.expiry.expireStaleVisibleTo(ctx, actor, args.demandId);
    const qb = ctx.manager.getRepository(MatchProposal).createQueryBuilder('p');
    ProposalService.restrict(qb, actor);
    if (args.demandId) qb.andWhere('p.demand_id = :demandId', { demandId: args.demandId });
    if (args.runId) qb.andWhere('p.run_id = :runId', { runId: args.runId });
    if (args.status) qb.andWhere('p.status = :status', { status: args.status });
    return paginate(qb, args, {
      sortExpression: 'p.created_at',
      idExpression: 'p.id',
      sortKey: (p) => p.createdAt.toISOString(),
      id: (p) => p.id,
    });
  }

  /**
   * Whether the actor may see who the proposed employee is: the lender's HR and the employee
   * always; the borrower only once the loan is confirmed; coordinators never.
   */
  static mayIdentify(actor: Actor, proposal: MatchProposal): boolean {
    if (actor.role === UserRole.EMPLOYEE) return actor.employeeId === proposal.employeeId;
    if (actor.role !== UserRole.COMPANY_HR) return false;
    if (actor.companyId === proposal.lenderCompanyId) return true;
    return (
      actor.companyId === proposal.borrowerCompanyId && proposal.status === ProposalStatus.CONFIRMED
    );
  }

  static visibleTo(actor: Actor, proposal: MatchProposal): boolean {
    switch (actor.role) {
      case UserRole.ADMIN:
      case UserRole.POOL_COORDINATOR:
        return coordinates(actor, proposal.poolId);
      case UserRole.COMPANY_HR:
        return (
          actor.companyId === proposal.lenderCompanyId ||
          actor.companyId === proposal.borrowerCompanyId
        );
      case UserRole.EMPLOYEE:
        return actor.employeeId === proposal.employeeId;
    }
  }
}

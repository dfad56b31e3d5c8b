import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { RequestContext } from '../common/request-context';
import { IdempotencyArgs } from '../idempotency/idempotency.inputs';
import { EmployeeContactModel, employeeContacts } from '../lending/employee-contact';
import { Loan } from '../lending/loan.entity';
import { LoanModel } from '../lending/loan.model';
import { LoanService } from '../lending/loan.service';
import { ProposalStatus } from './matching.enums';
import { MatchProposalModel } from './matching.model';
import { MatchProposal } from './match-proposal.entity';
import { ProposalDeclineArgs, ProposalMoveArgs } from './proposal-workflow.inputs';
import { ProposalWorkflowService } from './proposal-workflow.service';
import { ProposalService } from './proposal.service';

/**
 * The moves of a proposal, and what a party learns of the employee and the loan once the
 * proposal is confirmed.
 */
@Resolver(() => MatchProposalModel)
export class ProposalWorkflowResolver {
  constructor(
    private readonly workflow: ProposalWorkflowService,
    private readonly loans: LoanService,
  ) {}

  @Mutation(() => MatchProposalModel, {
    description:
      "The lender's HR accepts a PROPOSED proposal for its employee: LENDER_ACCEPTED, or straight on to EMPLOYEE_CONSENTED where the terms in force do not require the employee's consent or allow the standing consent in its contract. CONFLICT: wrong state (ILLEGAL_STATUS), expired (PROPOSAL_EXPIRED), changed since `expectedVersion` (STALE_VERSION).",
  })
  acceptProposal(
    @Ctx() ctx: RequestContext,
    @Args() args: ProposalMoveArgs,
  ): Promise<MatchProposal> {
    return this.workflow.accept(ctx, args);
  }

  @Mutation(() => MatchProposalModel, {
    description:
      "The lender's or the borrower's HR declines a live proposal (DECLINED, with the reason); the employee is not proposed for this demand again.",
  })
  declineProposal(
    @Ctx() ctx: RequestContext,
    @Args() args: ProposalDeclineArgs,
  ): Promise<MatchProposal> {
    return this.workflow.decline(ctx, args);
  }

  @Mutation(() => MatchProposalModel, {
    description:
      'The employee (EMPLOYEE user, own proposals only) consents to a proposal its employer accepted: EMPLOYEE_CONSENTED.',
  })
  giveConsent(@Ctx() ctx: RequestContext, @Args() args: ProposalMoveArgs): Promise<MatchProposal> {
    return this.workflow.giveConsent(ctx, args);
  }

  @Mutation(() => MatchProposalModel, {
    description:
      'The employee refuses a proposal (PROPOSED or LENDER_ACCEPTED): DECLINED, with the reason.',
  })
  refuseConsent(
    @Ctx() ctx: RequestContext,
    @Args() args: ProposalDeclineArgs,
  ): Promise<MatchProposal> {
    return this.workflow.refuseConsent(ctx, args);
  }

  @Mutation(() => LoanModel, {
    description:
      "The borrower's HR confirms an EMPLOYEE_CONSENTED proposal: CONFIRMED, and the Loan is made under the terms in force (rate = the employee's hourly cost price). CONFLICT when the demand starts sooner than `minLeadTimeHours` (LEAD_TIME) or runs longer than `maxLoanWeeks` (TOO_LONG), the proposal expired (PROPOSAL_EXPIRED), or the employee is already booked on one of these half-days (`loan_employee_period_half_days_excl`).",
  })
  confirmProposal(
    @Ctx() ctx: RequestContext,
    @Args() args: ProposalMoveArgs,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ): Promise<Loan> {
    return this.workflow.confirm(ctx, args, idempotencyKey);
  }

  @ResolveField(() => EmployeeContactModel, {
    nullable: true,
    description:
      "Name and work contact of the employee: for the lender's HR and the employee; for the borrower once CONFIRMED; never for coordinators.",
  })
  async contact(
    @Ctx() ctx: RequestContext,
    @Parent() p: MatchProposal,
  ): Promise<EmployeeContactModel | null> {
    if (!ProposalService.mayIdentify(ctx.user, p)) return null;
    return employeeContacts(ctx).load(p.employeeId);
  }

  @ResolveField(() => LoanModel, {
    nullable: true,
    description: 'The loan made when the proposal was confirmed, if you may see it.',
  })
  async loan(@Ctx() ctx: RequestContext, @Parent() p: MatchProposal): Promise<Loan | null> {
    if (p.status !== ProposalStatus.CONFIRMED) return null;
    return this.loans.visibleByProposal(ctx).load(p.id);
  }
}

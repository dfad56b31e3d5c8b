import { AuditState } from '../audit/audit-event.entity';
import { DemandRequest } from '../demand/demand-request.entity';
import { Loan } from './loan.entity';

/** The state of a loan as the audit trail keeps it: no employee, no names. */
export function loanState(loan: Loan): AuditState {
  return {
    status: loan.status,
    version: loan.version,
    demandId: loan.demandId,
    proposalId: loan.proposalId,
    termsId: loan.termsId,
    startDate: loan.period.start,
    endDate: loan.period.end,
    halfDays: loan.halfDays,
    hoursPerWeek: loan.hoursPerWeek,
    hourlyRateCents: loan.hourlyRateCents,
    endReason: loan.endReason,
    recallEffectiveDate: loan.recallEffectiveDate,
    lateCancellationChargeHours: loan.lateCancellationChargeHours,
  };
}

/** The state of a demand as the audit trail keeps it when its fill status follows its loans. */
export function demandState(demand: Pick<DemandRequest, 'status' | 'version'>): AuditState {
  return { status: demand.status, version: demand.version };
}

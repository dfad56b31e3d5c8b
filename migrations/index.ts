import { InitialSchema1763884800000 } from './1763884800000-InitialSchema';
import { MatchingAndLoans1763888400000 } from './1763888400000-MatchingAndLoans';
import { CandidateSearch1763892000000 } from './1763892000000-CandidateSearch';
import { LendingAndAudit1763895600000 } from './1763895600000-LendingAndAudit';
import { HoursAndSettlement1763899200000 } from './1763899200000-HoursAndSettlement';
import { EmployeeForeignKeyIndexes1763902800000 } from './1763902800000-EmployeeForeignKeyIndexes';
import { FastCandidateSearch1763906400000 } from './1763906400000-FastCandidateSearch';
import { RowLevelSecurity1763920800000 } from './1763920800000-RowLevelSecurity';
import { IdempotencyKey1763920900000 } from './1763920900000-IdempotencyKey';
import { AppUserRowLevelSecurity1763921000000 } from './1763921000000-AppUserRowLevelSecurity';
import { SystemRole1763921100000 } from './1763921100000-SystemRole';
import { CoordinatorProposalSkills1763921200000 } from './1763921200000-CoordinatorProposalSkills';
import { DemandListOrderIndexes1763924400000 } from './1763924400000-DemandListOrderIndexes';
import { ProposalEmployeeLiveIndex1763935200000 } from './1763935200000-ProposalEmployeeLiveIndex';
import { GroupedCandidateSearch1763950000000 } from './1763950000000-GroupedCandidateSearch';
import { ProposalEmployeeLiveCovering1763950100000 } from './1763950100000-ProposalEmployeeLiveCovering';
import { RequirementTenantColumns1763960000000 } from './1763960000000-RequirementTenantColumns';
import { CandidateSearchSlots1763970000000 } from './1763970000000-CandidateSearchSlots';
import { CandidateSearchDerivedColumns1763970100000 } from './1763970100000-CandidateSearchDerivedColumns';
import { PoolCoordinatorNotify1763980000000 } from './1763980000000-PoolCoordinatorNotify';
import { CandidatePairTable1764000000000 } from './1764000000000-CandidatePairTable';
import { ProposalDemandStatusIndex1764100000000 } from './1764100000000-ProposalDemandStatusIndex';
import { AnalyzeProposalsFunction1764200000000 } from './1764200000000-AnalyzeProposalsFunction';

/** Every migration in order. Add new ones at the end; never edit a committed one. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1763884800000,
  MatchingAndLoans1763888400000,
  CandidateSearch1763892000000,
  LendingAndAudit1763895600000,
  HoursAndSettlement1763899200000,
  EmployeeForeignKeyIndexes1763902800000,
  FastCandidateSearch1763906400000,
  RowLevelSecurity1763920800000,
  IdempotencyKey1763920900000,
  AppUserRowLevelSecurity1763921000000,
  SystemRole1763921100000,
  CoordinatorProposalSkills1763921200000,
  DemandListOrderIndexes1763924400000,
  ProposalEmployeeLiveIndex1763935200000,
  GroupedCandidateSearch1763950000000,
  ProposalEmployeeLiveCovering1763950100000,
  RequirementTenantColumns1763960000000,
  CandidateSearchSlots1763970000000,
  CandidateSearchDerivedColumns1763970100000,
  PoolCoordinatorNotify1763980000000,
  CandidatePairTable1764000000000,
  ProposalDemandStatusIndex1764100000000,
  AnalyzeProposalsFunction1764200000000,
];

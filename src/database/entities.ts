import { AuditEvent } from '../audit/audit-event.entity';
import { AvailabilityWindow } from '../availability/availability-window.entity';
import { PoolCoordinator, User } from '../auth/user.entity';
import { Company, PoolMembership } from '../companies/company.entity';
import { DemandRequest, DemandSkillRequirement } from '../demand/demand-request.entity';
import { Employee, EmployeeSkill } from '../employees/employee.entity';
import { Loan } from '../lending/loan.entity';
import { Settlement, SettlementMonth } from '../lending/settlement.entity';
import { TimesheetEntry } from '../lending/timesheet.entity';
import { MatchProposal } from '../matching/match-proposal.entity';
import { MatchRun, MatchUnfilled } from '../matching/match-run.entity';
import { Pool, PoolTerms } from '../pools/pool.entity';
import { Skill } from '../skills/skill.entity';

/** Every entity, listed explicitly so that the same list works from ts-node, jest and dist. */
export const ENTITIES = [
  Pool,
  PoolTerms,
  Company,
  PoolMembership,
  Skill,
  Employee,
  EmployeeSkill,
  AvailabilityWindow,
  DemandRequest,
  DemandSkillRequirement,
  User,
  PoolCoordinator,
  MatchRun,
  MatchUnfilled,
  MatchProposal,
  Loan,
  AuditEvent,
  TimesheetEntry,
  SettlementMonth,
  Settlement,
];

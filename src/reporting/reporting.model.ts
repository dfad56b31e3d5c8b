import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CompanyKind, MembershipStatus } from '../companies/company.enums';
import { LoanStatus } from '../lending/lending.enums';
import { DateScalar, DateTimeScalar } from '../common/scalars';

/** Whose figures a report holds by name. */
export enum ReportScope {
  /** Every member firm by name (pool coordinators, ADMIN). */
  POOL = 'POOL',
  /** Only the reader's own company by name, plus pool-wide totals (COMPANY_HR). */
  OWN_COMPANY = 'OWN_COMPANY',
}

registerEnumType(ReportScope, {
  name: 'ReportScope',
  description:
    "POOL: every member firm by name (coordinators, ADMIN). OWN_COMPANY: only the HR manager's own company by name, plus pool-wide totals.",
});

/**
 * The figures reported per company and for the whole pool. Hours are rounded to 2 decimals,
 * rates to 4. The period is [from, to], both days included, Dutch calendar.
 */
@ObjectType('UsageFigures', {
  description:
    'Usage figures of one member company, or of the whole pool. The period is [from, to], both days included (Dutch calendar).',
})
export class UsageFiguresModel {
  @Field(() => Float, {
    description:
      "Hours worked by this company's employees for other members: the APPROVED and COUNTER_ACCEPTED timesheet hours (what is settled) dated in the period, on loans in this pool where the company lends. Submitted or disputed hours do not count until agreed. Pool-wide: all such hours (each is lent by one member and borrowed by another, so pool-wide hoursLent equals hoursBorrowed).",
  })
  hoursLent!: number;

  @Field(() => Float, {
    description:
      'Part of hoursLent worked for schools (borrower kind SCHOOL: the teacher pool, "lerarenpool uit het bedrijfsleven").',
  })
  hoursLentToSchools!: number;

  @Field(() => Float, {
    description: 'Part of hoursLent worked for other firms (borrower kind EMPLOYER).',
  })
  hoursLentBetweenFirms!: number;

  @Field(() => Float, {
    description:
      "Approved hours (as in hoursLent) worked for this company by other members' employees in the period.",
  })
  hoursBorrowed!: number;

  @Field(() => Float, {
    description:
      'hoursLent − hoursBorrowed: positive for a firm that helps more than it is helped (the reciprocity that ranks demand in matching). Pool-wide always 0.',
  })
  balanceHours!: number;

  @Field(() => Float, {
    description:
      "Hours booked on this company's loans as lender: for every loan not CANCELLED, its hours per week × the days of its period inside [from, to] ÷ 7 (a recalled loan counts up to its recall). The plan, whether or not the hours were worked yet.",
  })
  plannedHoursLent!: number;

  @Field(() => Float, {
    description: 'As plannedHoursLent, for the loans where this company borrows.',
  })
  plannedHoursBorrowed!: number;

  @Field(() => Int, {
    description:
      'Demand requests (peaks) this company posted in the period (posted between from 00:00 and the end of to, Dutch time), whatever their status now.',
  })
  demandsPosted!: number;

  @Field(() => Int, { description: 'Of demandsPosted, those CANCELLED by the borrower since.' })
  demandsCancelled!: number;

  @Field(() => Int, {
    description:
      'Positions (headcount) of the demand posted in the period, CANCELLED demand left out.',
  })
  positionsRequested!: number;

  @Field(() => Int, {
    description:
      'Of positionsRequested, those filled now: a loan in a filling state (PLANNED, ACTIVE or COMPLETED) per position, at most the headcount. A recalled or cancelled loan gave its position back.',
  })
  positionsFilled!: number;

  @Field(() => Int, { description: 'positionsRequested − positionsFilled.' })
  positionsUnfilled!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'positionsFilled ÷ positionsRequested, 0..1; null when no positions were requested.',
  })
  fillRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Median, over the filled positions of the demand posted in the period, of the hours from posting the demand to creating the loan that filled the position (the borrower's confirmation); null when none were filled.",
  })
  medianHoursToFill!: number | null;

  @Field(() => Float, {
    description:
      'Idle capacity offered in this pool: for every availability window, its hours per week × the days of its period inside [from, to] ÷ 7. A withdrawn window counts up to the day before its withdrawal.',
  })
  capacityHoursOffered!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'plannedHoursLent ÷ capacityHoursOffered: the share of offered capacity that was booked. May exceed 1 when a firm lends people beyond the windows it published. Null without capacity.',
  })
  capacityUtilisation!: number | null;

  @Field(() => Int, {
    description:
      'Loans recalled by the lender (this company; pool-wide: all) with the recall made in the period, including recalls that cancelled a loan before it started.',
  })
  recalls!: number;

  @Field(() => Int, {
    description:
      'Loans cancelled by the borrower (this company; pool-wide: all) in the period; recalls not included.',
  })
  cancellations!: number;

  @Field(() => Int, {
    description:
      "Of cancellations, those late enough to be charged (the terms' lateCancellationHours).",
  })
  lateCancellations!: number;
}

@ObjectType('CompanyUsage', {
  description: "One member company's usage of the pool in the period.",
})
export class CompanyUsageModel extends UsageFiguresModel {
  @Field(() => ID, { description: 'The company.' })
  companyId!: string;

  @Field({ description: "The company's name." })
  companyName!: string;

  @Field(() => CompanyKind, { description: 'EMPLOYER or SCHOOL.' })
  companyKind!: CompanyKind;

  @Field(() => MembershipStatus, { description: 'Its membership in the pool now.' })
  membershipStatus!: MembershipStatus;
}

@ObjectType('PoolUsageTotals', {
  description: 'The figures of the whole pool in the period, over every member.',
})
export class PoolUsageTotalsModel extends UsageFiguresModel {
  @Field(() => Int, { description: 'ACTIVE member companies now.' })
  activeMembers!: number;
}

@ObjectType('SkillShortage', {
  description:
    'Unmet demand for one skill: the shortage signal for regional education and labour-market programmes.',
})
export class SkillShortageModel {
  @Field(() => ID, { description: 'The skill.' })
  skillId!: string;

  @Field({ description: 'Its taxonomy code.' })
  skillCode!: string;

  @Field({ description: 'Its name.' })
  skillName!: string;

  @Field(() => Int, {
    description:
      'Demand requests posted in the period, not CANCELLED, with unfilled positions, that require this skill (mandatory).',
  })
  demands!: number;

  @Field(() => Int, {
    description:
      'Their unfilled positions now. A demand requiring several skills counts under each, so these do not add up to the pool total.',
  })
  positions!: number;

  @Field(() => Float, {
    description:
      "Their unfilled hours: unfilled positions × the demand's hours per week × the weeks of its whole period (days ÷ 7).",
  })
  hours!: number;
}

@ObjectType('LoanStatusCount', { description: 'Loans in one status.' })
export class LoanStatusCountModel {
  @Field(() => LoanStatus, { description: 'The status now.' })
  status!: LoanStatus;

  @Field(() => Int, {
    description: "The pool's loans in this status whose period overlaps [from, to].",
  })
  loans!: number;
}

@ObjectType('PoolUsageCharts', {
  description:
    'Server-rendered SVG charts of the same report. Fetch them with the same `Authorization: Bearer` header; the same authorisation applies.',
})
export class PoolUsageChartsModel {
  @Field({
    description:
      'Relative URL of a bar chart of hoursLent versus hoursBorrowed per company (the 25 busiest by name for coordinators; your own company and the pool for HR).',
  })
  lentBorrowedSvgUrl!: string;

  @Field({ description: 'Relative URL of a bar chart of unmet hours by skill (the 20 largest).' })
  unmetDemandSvgUrl!: string;
}

@ObjectType('PoolUsageDownloads', {
  description:
    'CSV exports of the same report (UTF-8, comma-separated, header row, snake_case columns, plain numbers with a dot as decimal separator). Fetch them with the same `Authorization: Bearer` header.',
})
export class PoolUsageDownloadsModel {
  @Field({
    description:
      'Relative URL of the per-company table: one row per company (row_type `company`) and a last row with the pool totals (row_type `pool_total`).',
  })
  companiesCsvUrl!: string;

  @Field({ description: 'Relative URL of the unmet demand by skill table.' })
  unmetDemandBySkillCsvUrl!: string;

  @Field({ description: 'Relative URL of the loans by status table.' })
  loansByStatusCsvUrl!: string;
}

@ObjectType('PoolUsageReport', {
  description:
    'How a pool was used in a period (DESIGN.md, "Reporting for branch associations"). Coordinators of the pool and ADMIN see every member firm; an HR manager sees only their own company by name, plus pool-wide totals.',
})
export class PoolUsageReportModel {
  @Field(() => ID, { description: 'The pool.' })
  poolId!: string;

  @Field({ description: "The pool's name." })
  poolName!: string;

  @Field(() => DateScalar, { description: 'First day of the period (included).' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day of the period (included).' })
  to!: string;

  @Field(() => DateTimeScalar, {
    description:
      'When the figures were read; statuses (filled, unfilled, loan status) are as of then.',
  })
  generatedAt!: Date;

  @Field(() => ReportScope, { description: 'Whose figures the report holds by name.' })
  scope!: ReportScope;

  @Field(() => PoolUsageTotalsModel, { description: 'The whole pool (always pool-wide).' })
  totals!: PoolUsageTotalsModel;

  @Field(() => [CompanyUsageModel], {
    description:
      'Per member company (any membership status), by name. For HR: only their own company.',
  })
  companies!: CompanyUsageModel[];

  @Field(() => [SkillShortageModel], {
    description: 'Unmet demand by mandatory skill, the largest unmet hours first (pool-wide).',
  })
  unmetDemandBySkill!: SkillShortageModel[];

  @Field(() => [LoanStatusCountModel], {
    description: 'Loans overlapping the period by status, every status listed (pool-wide).',
  })
  loansByStatus!: LoanStatusCountModel[];

  @Field(() => PoolUsageChartsModel, { description: 'SVG charts of this report.' })
  charts!: PoolUsageChartsModel;

  @Field(() => PoolUsageDownloadsModel, { description: 'CSV exports of this report.' })
  downloads!: PoolUsageDownloadsModel;
}

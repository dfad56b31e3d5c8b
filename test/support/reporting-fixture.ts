import { DataSource } from 'typeorm';
import { AvailabilityStatus } from '../../src/availability/availability.enums';
import { Company } from '../../src/companies/company.entity';
import { CompanyKind, MembershipStatus } from '../../src/companies/company.enums';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { DemandStatus } from '../../src/demand/demand.enums';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { TimesheetEntry } from '../../src/lending/timesheet.entity';
import { TimesheetStatus } from '../../src/lending/timesheet.enums';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import {
  newCompany,
  newDemand,
  newEmployee,
  newMember,
  newMembership,
  newPool,
  newSkill,
  newWindow,
} from './factories';
import { newLoan } from './matching-factories';

/** The report period of the fixture: four weeks, Monday 2 to Sunday 29 March 2026. */
export const FROM = '2026-03-02';
export const TO = '2026-03-29';

/** Names chosen to be found (or not) in responses, and to need escaping in CSV and SVG. */
export const NAMES = {
  alpha: 'Alpha Installatie',
  bravo: 'Bravo & <Zonen> "Metaal"',
  school: 'ROC Flevoland Docentenpool',
  charlie: '=SUM(A1) Charlie Elektro',
  outsider: 'Quebec Buitenpool',
};

/** A small pool whose usage figures are computed by hand in the comments below. */
export interface UsageFixture {
  pool: Pool;
  otherPool: Pool;
  alpha: Company;
  bravo: Company;
  school: Company;
  charlie: Company;
  outsider: Company;
  a1: Employee;
  welding: Skill;
  electrical: Skill;
  plc: Skill;
}

async function setPostedAt(db: DataSource, demand: DemandRequest, at: string): Promise<void> {
  await db.query('UPDATE demand_request SET posted_at = $2 WHERE id = $1', [demand.id, at]);
}

async function setCreatedAt(db: DataSource, loan: Loan, at: string): Promise<void> {
  await db.query('UPDATE loan SET created_at = $2 WHERE id = $1', [loan.id, at]);
}

async function hours(
  db: DataSource,
  loan: Loan,
  workDate: string,
  amount: number,
  status: TimesheetStatus,
  counterHours: number | null = null,
): Promise<void> {
  await db.getRepository(TimesheetEntry).insert({
    loanId: loan.id,
    employeeId: loan.employeeId,
    workDate,
    hours: amount,
    status,
    counterHours,
    submittedAt: new Date(`${workDate}T18:00:00Z`),
  });
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * Builds the pool. Hand computation for [2026-03-02, 2026-03-29] (28 days):
 *
 * Capacity (hours per week × days inside the period ÷ 7):
 * - a1 (Alpha) 16 Feb–15 Mar, 40 h/w: 14 days → 80; a2 (Alpha) 2 Mar–30 Apr, 20 h/w: 28 → 80.
 * - b1 (Bravo) 16–29 Mar, 8 h/w, withdrawn 23 Mar: 16–22 Mar, 7 days → 8.
 * - a3 (Alpha) in the other pool, c1 (Charlie) in April: not counted.
 *
 * Loans (pool P), planned hours clipped to the period:
 * - L1 a1 Alpha→Bravo, demand dB1, 9–22 Mar, 32 h/w, COMPLETED, made 24 h after posting: 64.
 * - L2 a2 Alpha→school, demand dS1, 16 Mar–12 Apr, 8 h/w, COMPLETED, made 36 h after posting:
 *   16–29 Mar → 16.
 * - L3 a3 Alpha→Bravo, demand dB2, 6–19 Apr, CANCELLED by Bravo on 25 Mar with a late charge: 0.
 * - L4 b1 Bravo→Alpha, demand dA1, 2 Mar–15 Mar (shortened by a recall made 9 Mar), RECALLED,
 *   10 h/w: 20.
 * - L5 c1 Charlie→Bravo in the other pool: not counted.
 *
 * Approved hours dated in the period: L1 8 + 8 + 7.5 (counter-accepted) = 23.5 (a SUBMITTED 8 and
 * a DISPUTED 6 do not count); L2 4 + 4 = 8 (4 on 31 Mar is outside); L4 5 + 5 = 10; L5 not.
 *
 * Demand posted in the period (Dutch time):
 * - dB1 Bravo 3 Mar, headcount 2, 9–22 Mar, 32 h/w, welding mandatory, PLC nice-to-have;
 *   1 filled (L1). Unmet: 1 position × 32 × 14/7 = 64 h welding.
 * - dB2 Bravo 20 Mar, CANCELLED: posted and cancelled, no positions.
 * - dB3 Bravo 28 Mar 23:30, headcount 1, no mandatory skill, open: 1 unfilled, in no skill.
 * - dB4 Bravo 30 Mar 00:30 Dutch summer time (29 Mar 22:30 UTC): outside the period.
 * - dS1 school 10 Mar, headcount 1, welding + electrical mandatory, filled (L2).
 * - dC1 Charlie 5 Mar, headcount 3, 23 Mar–5 Apr, 20 h/w, electrical mandatory, open:
 *   3 × 20 × 14/7 = 120 h electrical.
 * - dA1 Alpha 20 Feb: before the period. dQ Bravo in the other pool: not counted.
 */
export async function buildUsageFixture(db: DataSource): Promise<UsageFixture> {
  const pool = await newPool(db);
  const otherPool = await newPool(db);
  const alpha = await newMember(db, pool, { name: NAMES.alpha });
  const bravo = await newMember(db, pool, { name: NAMES.bravo });
  const school = await newMember(db, pool, { name: NAMES.school, kind: CompanyKind.SCHOOL });
  const charlie = await newCompany(db, { name: NAMES.charlie });
  await newMembership(db, pool, charlie, MembershipStatus.SUSPENDED);
  const outsider = await newMember(db, otherPool, { name: NAMES.outsider });
  await newMembership(db, otherPool, bravo);
  await newMembership(db, otherPool, charlie);
  await newMembership(db, otherPool, alpha);

  const welding = await newSkill(db, { code: 'WELD_TIG_R', name: 'Lassen TIG' });
  const electrical = await newSkill(db, { code: 'ELEC_INST_R', name: 'Elektrotechniek' });
  const plc = await newSkill(db, { code: 'PLC_R', name: 'PLC programmeren' });

  const a1 = await newEmployee(db, alpha);
  const a2 = await newEmployee(db, alpha);
  const a3 = await newEmployee(db, alpha);
  const b1 = await newEmployee(db, bravo);
  const c1 = await newEmployee(db, charlie);

  await newWindow(db, a1, pool, {
    period: { start: '2026-02-16', end: '2026-03-15' },
    hoursPerWeek: 40,
  });
  await newWindow(db, a2, pool, {
    period: { start: '2026-03-02', end: '2026-04-30' },
    hoursPerWeek: 20,
  });
  await newWindow(db, b1, pool, {
    period: { start: '2026-03-16', end: '2026-03-29' },
    hoursPerWeek: 8,
    status: AvailabilityStatus.WITHDRAWN,
    withdrawnAt: new Date('2026-03-23T09:00:00Z'),
  });
  await newWindow(db, a3, otherPool, {
    period: { start: '2026-03-02', end: '2026-03-29' },
    hoursPerWeek: 40,
  });
  await newWindow(db, c1, pool, {
    period: { start: '2026-04-01', end: '2026-04-30' },
    hoursPerWeek: 40,
  });

  const dB1 = await newDemand(
    db,
    bravo,
    pool,
    {
      period: { start: '2026-03-09', end: '2026-03-22' },
      hoursPerWeek: 32,
      headcount: 2,
      status: DemandStatus.PARTIALLY_FILLED,
    },
    [{ skill: welding }, { skill: plc, mandatory: false }],
  );
  await setPostedAt(db, dB1, '2026-03-03T09:00:00Z');
  const dB2 = await newDemand(
    db,
    bravo,
    pool,
    {
      period: { start: '2026-04-06', end: '2026-04-19' },
      hoursPerWeek: 16,
      status: DemandStatus.CANCELLED,
    },
    [{ skill: electrical }],
  );
  await setPostedAt(db, dB2, '2026-03-20T08:00:00Z');
  const dB3 = await newDemand(
    db,
    bravo,
    pool,
    { period: { start: '2026-04-06', end: '2026-04-12' }, hoursPerWeek: 40 },
    [{ skill: welding, mandatory: false }],
  );
  await setPostedAt(db, dB3, '2026-03-28T22:30:00Z');
  const dB4 = await newDemand(
    db,
    bravo,
    pool,
    { period: { start: '2026-04-06', end: '2026-04-12' } },
    [{ skill: welding }],
  );
  await setPostedAt(db, dB4, '2026-03-29T22:30:00Z');
  const dS1 = await newDemand(
    db,
    school,
    pool,
    {
      period: { start: '2026-03-16', end: '2026-04-12' },
      halfDays: [2],
      hoursPerWeek: 8,
      status: DemandStatus.FILLED,
    },
    [{ skill: welding }, { skill: electrical }],
  );
  await setPostedAt(db, dS1, '2026-03-10T12:00:00Z');
  const dC1 = await newDemand(
    db,
    charlie,
    pool,
    { period: { start: '2026-03-23', end: '2026-04-05' }, hoursPerWeek: 20, headcount: 3 },
    [{ skill: electrical }],
  );
  await setPostedAt(db, dC1, '2026-03-05T10:00:00Z');
  const dA1 = await newDemand(
    db,
    alpha,
    pool,
    {
      period: { start: '2026-03-02', end: '2026-03-29' },
      hoursPerWeek: 40,
      status: DemandStatus.OPEN,
    },
    [{ skill: plc }],
  );
  await setPostedAt(db, dA1, '2026-02-20T10:00:00Z');
  const dQ = await newDemand(
    db,
    bravo,
    otherPool,
    {
      period: { start: '2026-03-02', end: '2026-03-29' },
      hoursPerWeek: 40,
      status: DemandStatus.FILLED,
    },
    [{ skill: electrical }],
  );
  await setPostedAt(db, dQ, '2026-03-04T10:00:00Z');

  const l1 = await newLoan(db, a1, dB1, { status: LoanStatus.COMPLETED, halfDays: WEEKDAYS });
  await setCreatedAt(db, l1, '2026-03-04T09:00:00Z');
  const l2 = await newLoan(db, a2, dS1, { status: LoanStatus.COMPLETED });
  await setCreatedAt(db, l2, '2026-03-12T00:00:00Z');
  const l3 = await newLoan(db, a3, dB2, {
    status: LoanStatus.CANCELLED,
    lateCancellationChargeHours: 8,
    endedAt: new Date('2026-03-25T10:00:00Z'),
    endReason: 'Project postponed',
  });
  await setCreatedAt(db, l3, '2026-03-21T08:00:00Z');
  const l4 = await newLoan(db, b1, dA1, {
    status: LoanStatus.RECALLED,
    period: { start: '2026-03-02', end: '2026-03-15' },
    halfDays: [8, 9],
    hoursPerWeek: 10,
    recallEffectiveDate: '2026-03-16',
    endedAt: new Date('2026-03-09T08:00:00Z'),
  });
  await setCreatedAt(db, l4, '2026-02-25T10:00:00Z');
  const l5 = await newLoan(db, c1, dQ, { status: LoanStatus.ACTIVE });

  await hours(db, l1, '2026-03-10', 8, TimesheetStatus.APPROVED);
  await hours(db, l1, '2026-03-11', 8, TimesheetStatus.APPROVED);
  await hours(db, l1, '2026-03-12', 7.5, TimesheetStatus.COUNTER_ACCEPTED, 7.5);
  await hours(db, l1, '2026-03-13', 8, TimesheetStatus.SUBMITTED);
  await hours(db, l1, '2026-03-16', 6, TimesheetStatus.DISPUTED, 5);
  await hours(db, l2, '2026-03-17', 4, TimesheetStatus.APPROVED);
  await hours(db, l2, '2026-03-24', 4, TimesheetStatus.APPROVED);
  await hours(db, l2, '2026-03-31', 4, TimesheetStatus.APPROVED);
  await hours(db, l4, '2026-03-06', 5, TimesheetStatus.APPROVED);
  await hours(db, l4, '2026-03-13', 5, TimesheetStatus.APPROVED);
  await hours(db, l5, '2026-03-03', 8, TimesheetStatus.APPROVED);

  return { pool, otherPool, alpha, bravo, school, charlie, outsider, a1, welding, electrical, plc };
}

/** Every figure of {@link buildUsageFixture}, computed by hand (see its comment). */
export const EXPECTED = {
  alpha: {
    hoursLent: 31.5,
    hoursLentToSchools: 8,
    hoursLentBetweenFirms: 23.5,
    hoursBorrowed: 10,
    balanceHours: 21.5,
    plannedHoursLent: 80,
    plannedHoursBorrowed: 20,
    demandsPosted: 0,
    demandsCancelled: 0,
    positionsRequested: 0,
    positionsFilled: 0,
    positionsUnfilled: 0,
    fillRate: null,
    medianHoursToFill: null,
    capacityHoursOffered: 160,
    capacityUtilisation: 0.5,
    recalls: 0,
    cancellations: 0,
    lateCancellations: 0,
  },
  bravo: {
    hoursLent: 10,
    hoursLentToSchools: 0,
    hoursLentBetweenFirms: 10,
    hoursBorrowed: 23.5,
    balanceHours: -13.5,
    plannedHoursLent: 20,
    plannedHoursBorrowed: 64,
    demandsPosted: 3,
    demandsCancelled: 1,
    positionsRequested: 3,
    positionsFilled: 1,
    positionsUnfilled: 2,
    fillRate: 0.3333,
    medianHoursToFill: 24,
    capacityHoursOffered: 8,
    capacityUtilisation: 2.5,
    recalls: 1,
    cancellations: 1,
    lateCancellations: 1,
  },
  school: {
    hoursLent: 0,
    hoursLentToSchools: 0,
    hoursLentBetweenFirms: 0,
    hoursBorrowed: 8,
    balanceHours: -8,
    plannedHoursLent: 0,
    plannedHoursBorrowed: 16,
    demandsPosted: 1,
    demandsCancelled: 0,
    positionsRequested: 1,
    positionsFilled: 1,
    positionsUnfilled: 0,
    fillRate: 1,
    medianHoursToFill: 36,
    capacityHoursOffered: 0,
    capacityUtilisation: null,
    recalls: 0,
    cancellations: 0,
    lateCancellations: 0,
  },
  charlie: {
    hoursLent: 0,
    hoursLentToSchools: 0,
    hoursLentBetweenFirms: 0,
    hoursBorrowed: 0,
    balanceHours: 0,
    plannedHoursLent: 0,
    plannedHoursBorrowed: 0,
    demandsPosted: 1,
    demandsCancelled: 0,
    positionsRequested: 3,
    positionsFilled: 0,
    positionsUnfilled: 3,
    fillRate: 0,
    medianHoursToFill: null,
    capacityHoursOffered: 0,
    capacityUtilisation: null,
    recalls: 0,
    cancellations: 0,
    lateCancellations: 0,
  },
  totals: {
    hoursLent: 41.5,
    hoursLentToSchools: 8,
    hoursLentBetweenFirms: 33.5,
    hoursBorrowed: 41.5,
    balanceHours: 0,
    plannedHoursLent: 100,
    plannedHoursBorrowed: 100,
    demandsPosted: 5,
    demandsCancelled: 1,
    positionsRequested: 7,
    positionsFilled: 2,
    positionsUnfilled: 5,
    fillRate: 0.2857,
    medianHoursToFill: 30,
    capacityHoursOffered: 168,
    capacityUtilisation: 0.5952,
    recalls: 1,
    cancellations: 1,
    lateCancellations: 1,
    activeMembers: 3,
  },
  loansByStatus: [
    { status: 'PLANNED', loans: 0 },
    { status: 'ACTIVE', loans: 0 },
    { status: 'RECALLED', loans: 1 },
    { status: 'CANCELLED', loans: 0 },
    { status: 'COMPLETED', loans: 2 },
  ],
};

/** The GraphQL selection of every usage figure. */
export const FIGURES = Object.keys(EXPECTED.alpha).join(' ');

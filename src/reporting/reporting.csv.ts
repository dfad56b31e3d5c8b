import { PoolUsageReportModel, UsageFiguresModel } from './reporting.model';

/** A CSV cell: numbers are written plainly (dot decimal, no grouping), null as an empty cell. */
type Cell = string | number | null;

/** One CSV column: its stable snake_case name and how a row fills it. */
interface Column<T> {
  name: string;
  value: (row: T) => Cell;
}

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell per RFC 4180: quoted when it holds a comma, quote or line break (quotes doubled).
 * Text starting like a formula gets a leading apostrophe so a spreadsheet shows it as text:
 * company and skill names are user input.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: header row, then one line per row, CRLF line ends (RFC 4180). */
export function toCsv<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map((c) => c.name).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A figure column; the key is the GraphQL field, the name its snake_case form. */
function figure<K extends keyof UsageFiguresModel>(
  name: string,
  key: K,
): Column<{ figures: UsageFiguresModel }> {
  return { name, value: (r) => r.figures[key] };
}

/** A row of the companies table: a company or the pool total. */
interface CompanyTableRow {
  rowType: 'company' | 'pool_total';
  companyId: string | null;
  companyName: string | null;
  companyKind: string | null;
  membershipStatus: string | null;
  activeMembers: number | null;
  figures: UsageFiguresModel;
}

/** The export tables and their stable column names (the contract spreadsheet users rely on). */
export const CSV_TABLES = ['companies', 'unmet-demand-by-skill', 'loans-by-status'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Renders one table of the report as CSV. Every line repeats pool_id, period_from, period_to. */
export function renderReportCsv(report: PoolUsageReportModel, table: CsvTable): string {
  const period = <T>(): Column<T>[] => [
    { name: 'pool_id', value: () => report.poolId },
    { name: 'period_from', value: () => report.from },
    { name: 'period_to', value: () => report.to },
  ];
  switch (table) {
    case 'companies': {
      const rows: CompanyTableRow[] = [
        ...report.companies.map((c) => ({
          rowType: 'company' as const,
          companyId: c.companyId,
          companyName: c.companyName,
          companyKind: c.companyKind,
          membershipStatus: c.membershipStatus,
          activeMembers: null,
          figures: c,
        })),
        {
          rowType: 'pool_total',
          companyId: null,
          companyName: null,
          companyKind: null,
          membershipStatus: null,
          activeMembers: report.totals.activeMembers,
          figures: report.totals,
        },
      ];
      const columns: Column<CompanyTableRow>[] = [
        ...period<CompanyTableRow>(),
        { name: 'row_type', value: (r) => r.rowType },
        { name: 'company_id', value: (r) => r.companyId },
        { name: 'company_name', value: (r) => r.companyName },
        { name: 'company_kind', value: (r) => r.companyKind },
        { name: 'membership_status', value: (r) => r.membershipStatus },
        figure('hours_lent', 'hoursLent'),
        figure('hours_lent_to_schools', 'hoursLentToSchools'),
        figure('hours_lent_between_firms', 'hoursLentBetweenFirms'),
        figure('hours_borrowed', 'hoursBorrowed'),
        figure('balance_hours', 'balanceHours'),
        figure('planned_hours_lent', 'plannedHoursLent'),
        figure('planned_hours_borrowed', 'plannedHoursBorrowed'),
        figure('demands_posted', 'demandsPosted'),
        figure('demands_cancelled', 'demandsCancelled'),
        figure('positions_requested', 'positionsRequested'),
        figure('positions_filled', 'positionsFilled'),
        figure('positions_unfilled', 'positionsUnfilled'),
        figure('fill_rate', 'fillRate'),
        figure('median_hours_to_fill', 'medianHoursToFill'),
        figure('capacity_hours_offered', 'capacityHoursOffered'),
        figure('capacity_utilisation', 'capacityUtilisation'),
        figure('recalls', 'recalls'),
        figure('cancellations', 'cancellations'),
        figure('late_cancellations', 'lateCancellations'),
        { name: 'active_members', value: (r) => r.activeMembers },
      ];
      return toCsv(columns, rows);
    }
    case 'unmet-demand-by-skill':
      return toCsv(
        [
          ...period<PoolUsageReportModel['unmetDemandBySkill'][number]>(),
          { name: 'skill_id', value: (r) => r.skillId },
          { name: 'skill_code', value: (r) => r.skillCode },
          { name: 'skill_name', value: (r) => r.skillName },
          { name: 'demands', value: (r) => r.demands },
          { name: 'unfilled_positions', value: (r) => r.positions },
          { name: 'unfilled_hours', value: (r) => r.hours },
        ],
        report.unmetDemandBySkill,
      );
    case 'loans-by-status':
      return toCsv(
        [
          ...period<PoolUsageReportModel['loansByStatus'][number]>(),
          { name: 'status', value: (r) => r.status },
          { name: 'loans', value: (r) => r.loans },
        ],
        report.loansByStatus,
      );
  }
}

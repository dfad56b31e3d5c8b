import { PoolUsageReportModel, ReportScope } from './reporting.model';

/** Companies shown by name in the lent/borrowed chart of a pool-wide report. */
export const CHART_MAX_COMPANIES = 25;
/** Skills shown in the unmet demand chart. */
export const CHART_MAX_SKILLS = 20;
/** Longest label drawn; longer ones end in an ellipsis. */
const MAX_LABEL_CHARS = 40;

/**
 * Escapes text for an SVG (XML) text node or attribute value. Every label passes through here:
 * company and skill names are user input.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A label cut to {@link MAX_LABEL_CHARS} characters (whole code points), then escaped. */
function label(text: string): string {
  const chars = Array.from(text);
  const cut =
    chars.length > MAX_LABEL_CHARS ? `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…` : text;
  return escapeXml(cut);
}

/** A number as a chart shows it: whole above 100, else up to one decimal. */
function formatValue(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** A round axis maximum at or above `max` (1, 2, 2.5 or 5 times a power of ten). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((f) => f * power >= max) ?? 10;
  return step * power;
}

/** One series of a bar chart. */
export interface BarSeries {
  name: string;
  color: string;
}

/** One group of bars: a label and one value per series. */
export interface BarGroup {
  label: string;
  values: number[];
}

/** What a horizontal grouped bar chart shows. */
export interface BarChart {
  title: string;
  subtitle: string;
  unit: string;
  series: BarSeries[];
  groups: BarGroup[];
}

const WIDTH = 860;
const LABEL_WIDTH = 280;
const PLOT_RIGHT = WIDTH - 70;
const BAR_HEIGHT = 14;
const GROUP_GAP = 10;
const TOP = 84;
const TICKS = 5;

/**
 * Renders a horizontal grouped bar chart as a standalone SVG document: a title, a legend, one
 * group of bars per label with its values written beside the bars, and a value axis with grid
 * lines. Pure string building; no browser, no fonts to load.
 */
export function renderBarChart(chart: BarChart): string {
  const plotWidth = PLOT_RIGHT - LABEL_WIDTH;
  const groupHeight = chart.series.length * BAR_HEIGHT + GROUP_GAP;
  const plotHeight = Math.max(chart.groups.length, 1) * groupHeight;
  const height = TOP + plotHeight + 40;
  const max = niceMax(Math.max(0, ...chart.groups.flatMap((g) => g.values)));
  const x = (value: number) => LABEL_WIDTH + (Math.max(0, value) / max) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(chart.title)}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<text x="16" y="46" fill="#555555">${escapeXml(chart.subtitle)}</text>`,
  );
  chart.series.forEach((s, i) => {
    const lx = LABEL_WIDTH + i * 160;
    out.push(
      `<rect x="${lx}" y="58" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${lx + 18}" y="69">${escapeXml(s.name)}</text>`,
    );
  });
  for (let t = 0; t <= TICKS; t++) {
    const value = (max / TICKS) * t;
    const gx = x(value).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${TOP - 4}" x2="${gx}" y2="${TOP + plotHeight}" stroke="#e0e0e0"/>`,
      `<text x="${gx}" y="${TOP + plotHeight + 16}" text-anchor="middle" fill="#555555">${formatValue(value)}</text>`,
    );
  }
  out.push(
    `<text x="${PLOT_RIGHT}" y="${TOP + plotHeight + 34}" text-anchor="end" fill="#555555">${escapeXml(chart.unit)}</text>`,
  );
  if (chart.groups.length === 0) {
    out.push(
      `<text x="${LABEL_WIDTH + 8}" y="${TOP + 16}" fill="#555555">No data in this period</text>`,
    );
  }
  chart.groups.forEach((g, gi) => {
    const gy = TOP + gi * groupHeight;
    out.push(
      `<text x="${LABEL_WIDTH - 8}" y="${gy + (chart.series.length * BAR_HEIGHT) / 2 + 4}" text-anchor="end">${label(g.label)}</text>`,
    );
    g.values.forEach((value, si) => {
      const by = gy + si * BAR_HEIGHT;
      const w = (x(value) - LABEL_WIDTH).toFixed(1);
      out.push(
        `<rect x="${LABEL_WIDTH}" y="${by}" width="${w}" height="${BAR_HEIGHT - 2}" fill="${chart.series[si].color}"><title>${escapeXml(`${g.label}: ${chart.series[si].name} ${formatValue(value)} ${chart.unit}`)}</title></rect>`,
        `<text x="${(x(value) + 4).toFixed(1)}" y="${by + BAR_HEIGHT - 4}" font-size="10" fill="#333333">${formatValue(value)}</text>`,
      );
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const LENT = { name: 'Hours lent', color: '#2b6cb0' };
const BORROWED = { name: 'Hours borrowed', color: '#dd6b20' };

/**
 * Lent versus borrowed (approved) hours per company. Pool-wide: the companies with the most
 * hours lent plus borrowed, at most {@link CHART_MAX_COMPANIES}. For an HR manager: their own
 * company beside the pool average per active member, never another firm.
 */
export function renderLentBorrowedChart(report: PoolUsageReportModel): string {
  const period = `${report.poolName}, ${report.from} to ${report.to}`;
  if (report.scope === ReportScope.OWN_COMPANY) {
    const members = Math.max(report.totals.activeMembers, 1);
    const groups = report.companies.map((c) => ({
      label: c.companyName,
      values: [c.hoursLent, c.hoursBorrowed],
    }));
    groups.push({
      label: 'Pool average per active member',
      values: [report.totals.hoursLent / members, report.totals.hoursBorrowed / members],
    });
    return renderBarChart({
      title: 'Hours lent and borrowed',
      subtitle: `${period}: your company and the pool average`,
      unit: 'approved hours',
      series: [LENT, BORROWED],
      groups,
    });
  }
  const active = report.companies.filter((c) => c.hoursLent > 0 || c.hoursBorrowed > 0);
  const busiest = [...active]
    .sort(
      (a, b) =>
        b.hoursLent + b.hoursBorrowed - (a.hoursLent + a.hoursBorrowed) ||
        a.companyName.localeCompare(b.companyName),
    )
    .slice(0, CHART_MAX_COMPANIES);
  return renderBarChart({
    title: 'Hours lent and borrowed per company',
    subtitle: `${period}: ${busiest.length} of ${active.length} companies with hours, busiest first`,
    unit: 'approved hours',
    series: [LENT, BORROWED],
    groups: busiest.map((c) => ({ label: c.companyName, values: [c.hoursLent, c.hoursBorrowed] })),
  });
}

/** Unmet hours by skill, the largest {@link CHART_MAX_SKILLS} (pool-wide; no company names). */
export function renderUnmetDemandChart(report: PoolUsageReportModel): string {
  const top = report.unmetDemandBySkill.slice(0, CHART_MAX_SKILLS);
  return renderBarChart({
    title: 'Unmet demand by skill',
    subtitle: `${report.poolName}, demand posted ${report.from} to ${report.to}: ${top.length} of ${report.unmetDemandBySkill.length} skills, largest first`,
    unit: 'unfilled hours',
    series: [{ name: 'Unfilled hours', color: '#c53030' }],
    groups: top.map((s) => ({ label: `${s.skillName} (${s.skillCode})`, values: [s.hours] })),
  });
}

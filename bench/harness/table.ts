/**
 * Renders benchmark reports as the aligned text tables printed to the terminal and the Markdown
 * tables written to RESULTS.md. Both come from the same cells so they can never disagree.
 * @packageDocumentation
 */
import { describeTarget, ratioOf, verdictOf, type BenchmarkReport } from './report.js';

const HEADER = ['metric', 'ours', 'anchor', 'anchor value', 'ratio', 'target', 'result'] as const;

/**
 * A number with about three significant digits, without exponent notation for everyday sizes.
 *
 * @example
 * ```ts
 * formatNumber(1234.5678); // '1235'
 * formatNumber(0.012345); // '0.0123'
 * ```
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/**
 * The cells of a report's table: a header row, then one row per metric.
 *
 * @example
 * ```ts
 * const [header, ...rows] = tableCells(report);
 * ```
 */
export function tableCells(report: BenchmarkReport): string[][] {
  const rows = report.rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.metric,
      `${formatNumber(row.ours)} ${row.unit}`,
      row.anchorName ?? '',
      row.anchor === undefined ? '' : `${formatNumber(row.anchor)} ${row.unit}`,
      ratio === null ? '' : `${formatNumber(ratio)}x`,
      describeTarget(row.target, row.unit),
      verdictOf(row),
    ];
  });
  return [[...HEADER], ...rows];
}

/**
 * The report as aligned plain text: title, table, notes.
 *
 * @example
 * ```ts
 * console.log(renderText(report));
 * ```
 */
export function renderText(report: BenchmarkReport): string {
  const lines = [`== ${report.title} [${report.id}] (${report.status})`];
  if (report.rows.length > 0) {
    const cells = tableCells(report);
    const widths = HEADER.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
    for (const [index, row] of cells.entries()) {
      lines.push(
        row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      );
      if (index === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    }
  }
  for (const note of report.notes) lines.push(`  * ${note}`);
  return lines.join('\n');
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The report as a Markdown section: heading, table, notes as a list.
 *
 * @example
 * ```ts
 * writeFileSync('RESULTS.md', renderMarkdown(report));
 * ```
 */
export function renderMarkdown(report: BenchmarkReport): string {
  const lines = [`## ${report.title} (\`${report.id}\`, ${report.status})`, ''];
  if (report.rows.length > 0) {
    const [header, ...rows] = tableCells(report);
    lines.push(`| ${header!.join(' | ')} |`);
    lines.push(`|${header!.map(() => '---').join('|')}|`);
    for (const row of rows) lines.push(`| ${row.map(escapeMarkdownCell).join(' | ')} |`);
    lines.push('');
  }
  for (const note of report.notes) lines.push(`- ${escapeMarkdownCell(note)}`);
  lines.push('');
  return lines.join('\n');
}

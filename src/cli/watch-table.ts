/**
 * The table `get -w` prints, as kubectl prints it: the header once (with the first rows, or with
 * the first event when the list was empty), then one line per event. Column widths are the widest
 * cell seen so far, so later lines stay aligned with earlier ones unless a cell is wider.
 * @packageDocumentation
 */
import type { CellPainter } from './output.js';

/** Prints rows under one header, remembering column widths between calls. */
export class WatchTable {
  readonly #header: readonly string[];
  readonly #widths: number[];
  readonly #paint: CellPainter | undefined;
  #headerShown = false;

  constructor(header: readonly string[], paint?: CellPainter) {
    this.#header = header;
    this.#widths = header.map((h) => h.length);
    this.#paint = paint;
  }

  /**
   * Lines for `rows` (each ending in a newline), preceded by the header the first time. `paint`
   * gets the index of the row within this call.
   */
  lines(rows: readonly (readonly string[])[]): string {
    for (const row of rows) row.forEach((cell, i) => (this.#widths[i] = Math.max(this.#widths[i] ?? 0, cell.length)));
    const out = this.#headerShown ? [] : [this.#line(this.#header, -1)];
    this.#headerShown = true;
    rows.forEach((row, i) => out.push(this.#line(row, i)));
    return out.map((l) => `${l}\n`).join('');
  }

  #line(cells: readonly string[], row: number): string {
    return cells
      .map((cell, i) => {
        if (i === cells.length - 1) return row >= 0 && this.#paint ? this.#paint(row, i, cell) : cell;
        const padded = cell.padEnd(this.#widths[i]!);
        return `${row >= 0 && this.#paint ? this.#paint(row, i, padded) : padded}   `;
      })
      .join('');
  }
}

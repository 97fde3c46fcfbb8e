import type { CliIO } from './io.js';
import { colorPhase, terminalCapabilities, type TerminalCapabilities } from './terminal.js';

interface Row {
  phase: string;
  progress: string;
  note: string;
}

const BAR_WIDTH = 24;

function percent(progress: string): number {
  const value = Number.parseInt(progress, 10);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

/**
 * Shows one line per cache: on a terminal a live bar redrawn in place, elsewhere (CI logs, pipes,
 * TERM=dumb) a plain line each time a cache's phase or progress changes. Phases are coloured only
 * on a colour terminal (not with NO_COLOR).
 */
export class ProgressBoard {
  readonly #rows = new Map<string, Row>();
  readonly #stream: CliIO['stderr'];
  readonly #live: boolean;
  readonly #terminal: TerminalCapabilities;
  #drawn = 0;

  constructor(io: CliIO, names: readonly string[]) {
    this.#stream = io.stderr;
    this.#terminal = terminalCapabilities(io.stderr, io.env);
    this.#live = this.#terminal.cursor;
    for (const name of names) this.#rows.set(name, { phase: 'Waiting', progress: '', note: '' });
    if (this.#live) this.#draw();
  }

  /** Records a change; prints it at once. */
  update(name: string, phase: string, progress = '', note = ''): void {
    const row = this.#rows.get(name) ?? { phase: '', progress: '', note: '' };
    if (row.phase === phase && row.progress === progress && row.note === note) return;
    this.#rows.set(name, { phase, progress, note });
    if (this.#live) this.#draw();
    else this.#stream.write(`${name}: ${colorPhase(phase, phase, this.#terminal)}${progress ? ` ${progress}` : ''}${note ? ` (${note})` : ''}\n`);
  }

  #draw(): void {
    const width = Math.max(...[...this.#rows.keys()].map((n) => n.length), 4);
    let out = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
    for (const [name, row] of this.#rows) {
      const filled = Math.round((percent(row.progress) / 100) * BAR_WIDTH);
      const bar = row.phase === 'Ready' ? '█'.repeat(BAR_WIDTH) : '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      out += `\x1b[2K${name.padEnd(width)}  ${bar}  ${(row.progress || '').padStart(4)}  ${colorPhase(row.phase, row.phase, this.#terminal)}${row.note ? ` (${row.note})` : ''}\n`;
    }
    this.#drawn = this.#rows.size;
    this.#stream.write(out);
  }
}

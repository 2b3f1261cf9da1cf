import { describeIndexing, PROGRESS_DELAY_MS, type IndexingStage } from '../core/workspace/progress';
import type { Locale } from '../core/l10n';
import type { IndexingReport } from '../core/workspace/progress';

/** How often the progress line is redrawn. */
const REDRAW_MS = 100;

/**
 * A progress line on a terminal's stderr while a run reads a large workspace: shown once the run
 * has taken longer than a moment, redrawn in place, and wiped before anything else is written.
 * Never on a stderr that is not a terminal, so it never reaches a log or a pipe.
 */
export class TerminalProgress implements IndexingReport {
  private readonly started = performance.now();
  private shown = false;

  constructor(
    private readonly terminal: { write(text: string): unknown },
    private readonly locale: Locale,
    readonly sliceMs = REDRAW_MS,
    private readonly delayMs = PROGRESS_DELAY_MS,
  ) {}

  report(stage: IndexingStage): void {
    if (performance.now() - this.started < this.delayMs) return;
    // \r and "erase to the end of the line": each report replaces the last.
    this.terminal.write(`\r\x1b[Kfabedge-lint: ${describeIndexing(stage, this.locale).message}`);
    this.shown = true;
  }

  /** Wipes the line, if it was drawn. */
  done(): void {
    if (this.shown) this.terminal.write('\r\x1b[K');
    this.shown = false;
  }
}

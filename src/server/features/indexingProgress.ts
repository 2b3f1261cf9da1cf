/**
 * Window progress while the server reads and checks a workspace: shown only once that takes longer
 * than a moment (a small workspace is done before anyone could read it), with the files done out
 * of the total, and cancellable. VS Code shows it in the status bar; other editors as they show
 * LSP work done progress.
 */
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { localize, type Locale } from '../../core/l10n';
import { describeIndexing, INDEXING_TITLE, PROGRESS_DELAY_MS, type IndexingStage } from '../../core/workspace/progress';

export class IndexingProgress {
  private readonly started = performance.now();
  private reporter: WorkDoneProgressServerReporter | undefined;
  private asked = false;
  private ended = false;
  private cancelledByUser = false;

  constructor(
    private readonly connection: Connection,
    private readonly locale: Locale,
    private readonly delayMs = PROGRESS_DELAY_MS,
  ) {}

  /** The user cancelled indexing from the progress. */
  get cancelled(): boolean {
    return this.cancelledByUser;
  }

  /** Tells where indexing is; the progress shows once the delay has passed. */
  report(stage: IndexingStage): void {
    if (this.ended) return;
    const { percentage, message } = describeIndexing(stage, this.locale);
    if (this.reporter) {
      this.reporter.report(percentage, message);
      return;
    }
    if (this.asked || performance.now() - this.started < this.delayMs) return;
    this.asked = true;
    // The client creates the progress; indexing goes on meanwhile, and the next report shows where it is.
    this.connection.window.createWorkDoneProgress().then(
      (reporter) => {
        if (this.ended) {
          reporter.done();
          return;
        }
        this.reporter = reporter;
        reporter.token.onCancellationRequested(() => {
          this.cancelledByUser = true;
        });
        reporter.begin(localize(INDEXING_TITLE, this.locale), percentage, message, true);
      },
      // A client that refuses to create it shows none.
      () => undefined,
    );
  }

  /** Indexing ended (done, cancelled or replaced): the progress goes. */
  done(): void {
    this.ended = true;
    this.reporter?.done();
  }
}

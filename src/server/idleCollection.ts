import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long the server must have checked nothing before it collects garbage. */
export const IDLE_COLLECTION_DELAY_MS = 2000;

/**
 * Collects garbage once the server has gone quiet after checking. While the user types, V8 lets
 * the garbage of each check pile up to a head room above what is live, and Node runs no
 * collection in idle time, so that head room stayed taken while the editor sat idle
 * (docs/performance.md). One full collection when the edits stop gives it back.
 */
export class IdleCollection {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly collect: () => void,
    private readonly delayMs = IDLE_COLLECTION_DELAY_MS,
  ) {}

  /** The server just checked: collect once it has checked nothing more for the delay. */
  workDone(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect();
    }, this.delayMs);
    // A pending collection never keeps the process alive.
    this.timer.unref();
  }
}

/** V8's full collection, which Node only exposes with --expose-gc; undefined where it cannot be had. */
export function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    // The flag applies to contexts made after it: a new context has the `gc` function.
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : undefined;
  } catch {
    return undefined;
  }
}

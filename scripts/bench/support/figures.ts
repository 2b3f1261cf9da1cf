/**
 * What a benchmark reports: each figure with the baseline it is compared with, measured in the
 * same run, and its goal. `npm run bench` (scripts/bench/run.ts) collects them into one table.
 */
import { appendFileSync } from 'node:fs';

/** The goal of a figure: a ratio to its baseline, or a value, at most. */
export type Goal = { maxRatio: number } | { maxValue: number };

export interface Figure {
  /** What was measured, as the table names it. */
  name: string;
  value: number;
  unit: 'ms' | 'MB';
  /** What it is compared with, measured in the same run the same way. */
  baseline: { name: string; value: number };
  goal: Goal;
  /** How the value was taken (medians of how many rounds, their spread), for the reader. */
  note?: string;
}

/** The file `run.ts` collects figures in (one JSON object a line); without it, figures are only printed. */
export const FIGURES_FILE_VARIABLE = 'BENCH_FIGURES';

export function ratioOf(figure: Pick<Figure, 'value' | 'baseline'>): number {
  return figure.value / figure.baseline.value;
}

export function goalMet(figure: Figure): boolean {
  return 'maxRatio' in figure.goal ? ratioOf(figure) <= figure.goal.maxRatio : figure.value <= figure.goal.maxValue;
}

export function goalText(figure: Pick<Figure, 'goal' | 'unit'>): string {
  return 'maxRatio' in figure.goal ? `≤ ${figure.goal.maxRatio}x` : `≤ ${figure.goal.maxValue} ${figure.unit}`;
}

export function formatValue(value: number, unit: Figure['unit']): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

/** Prints a figure and hands it to the runner. */
export function reportFigure(figure: Figure): void {
  const ratio = ratioOf(figure);
  console.log(
    `${figure.name}: ${formatValue(figure.value, figure.unit)}; ${figure.baseline.name}: ${formatValue(figure.baseline.value, figure.unit)}; ` +
      `ratio ${ratio.toFixed(2)}x; goal ${goalText(figure)} ${goalMet(figure) ? 'met' : 'NOT MET'}${figure.note ? ` (${figure.note})` : ''}`,
  );
  const file = process.env[FIGURES_FILE_VARIABLE];
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** The median; the upper one of an even count (a round slowed by the machine weighs no more). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value below which p% of the values lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** "min–max" of the values, for the note of a median. */
export function spread(values: readonly number[], digits = 0): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

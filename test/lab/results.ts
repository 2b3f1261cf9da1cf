/** The last lab run, kept for `npm run lab:doc` (docs/lab.md is generated from it). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunRecord } from './matrix';

export const RESULTS_FILE = resolve(__dirname, '../../test-results/lab/last-run.json');

export interface LabRun {
  version: 1;
  date: string;
  environment: { strongswan: string; nginx: string; kernel: string; node: string };
  /** Labs at once: for the matrix and for the slow failures. */
  workers: { matrix: number; slow: number };
  /** From the first namespace to the last verdict, in milliseconds. */
  wallMs: number;
  records: RunRecord[];
}

export function writeResults(run: LabRun, file = RESULTS_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
}

export function readResults(file = RESULTS_FILE): LabRun {
  return JSON.parse(readFileSync(file, 'utf8')) as LabRun;
}

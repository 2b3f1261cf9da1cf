import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared reference data (never copied into the repo): FABEDGE_SHARED or ../shared beside the repo. */
export const SHARED = process.env.FABEDGE_SHARED ?? resolve(__dirname, '../../../../shared');

export const CHARTS = ['0.0.1', '0.2.0', '0.3.0', '0.4.0', '0.5.0', '0.6.0', '0.7.0', '0.8.0', '0.8.1', '1.0.0'] as const;

export function chartValues(version: string): string {
  return readFileSync(resolve(SHARED, 'fabedge-charts', version, 'values.yaml'), 'utf8');
}

export function chartYaml(version: string): string {
  return readFileSync(resolve(SHARED, 'fabedge-charts', version, 'Chart.yaml'), 'utf8');
}

export const haveShared = existsSync(resolve(SHARED, 'fabedge-charts'));

/** What a test that reads the shared data lacks, for skipWhenMissing (which fails the test under CI). */
export const sharedMissing: string | false = haveShared ? false : `shared data not found at ${SHARED} (set FABEDGE_SHARED)`;

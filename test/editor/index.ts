// extensionTestsPath entry for the in-editor suites: every test/editor/suite/**/*.test.ts is run.
import * as path from 'node:path';
import { runMochaIn } from './mocha-runner';

export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'suite'));
}

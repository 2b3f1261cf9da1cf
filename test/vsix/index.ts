// extensionTestsPath entry for the packaged-build test (test/vsix/run.mjs): the extension under test
// is the installed .vsix; the development extension is only the empty probe in test/vsix/probe.
import * as path from 'node:path';
import { runMochaIn } from '../editor/mocha-runner';

export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'suite'));
}

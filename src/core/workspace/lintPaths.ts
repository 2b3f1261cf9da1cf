import type { LintOptions } from '../engine';
import type { Finding } from '../findings';
import type { DiscoveryResult, SkippedFile } from './discovery';
import type { DiscoveredFile } from '../io/fileKinds';
import type { FileSystemHost } from '../io/fileSystem';
import type { Notice } from '../nginx/notices';
import { WorkspaceIndex } from './workspaceIndex';
import type { WorkspaceModel } from '../cross/workspaceModel';
import type { WorkspaceSettings } from '../io/settings';
import type { IndexingReport } from './progress';

export interface LintResult {
  files: (DiscoveredFile & { layout?: string })[];
  skipped: readonly SkippedFile[];
  findings: Finding[];
  model: WorkspaceModel;
  /** Includes the analysis did not follow (what `--verbose` prints). */
  notices: Notice[];
}

/**
 * Discovers, parses and checks files and folders once: what `fabedge-lint` and tests run. The
 * language server keeps a `WorkspaceIndex` alive instead, so both see the same files and findings.
 * `discovered`: the files of `paths` as a discovery made elsewhere found them (then `fs` should
 * hold the texts it read).
 */
export function lintPaths(fs: FileSystemHost, paths: readonly string[], settings: WorkspaceSettings, options: LintOptions, progress?: IndexingReport, discovered?: DiscoveryResult): LintResult {
  const index = new WorkspaceIndex(fs, paths, settings, options);
  if (discovered) {
    index.adoptDiscovery(discovered);
  } else {
    const scan = index.beginScan();
    if (progress) {
      while (!scan.step(performance.now() + progress.sliceMs)) progress.report(scan.progress);
    } else {
      scan.step();
    }
  }
  progress?.report({ phase: 'checking', total: index.files.length });
  const findings = index.lint();
  const model = index.model();
  const layouts = new Map(model.values.map((doc) => [doc.file, doc.layout.id]));
  return {
    files: index.files.map((f) => (layouts.has(f.path) ? { ...f, layout: layouts.get(f.path) } : f)),
    skipped: index.skippedFiles,
    findings,
    model,
    notices: index.notices(),
  };
}

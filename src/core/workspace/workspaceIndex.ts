import type { LintOptions } from '../engine';
import type { Finding } from '../findings';
import { buildNginxTrees, rebuildTree, structureSignature } from '../nginx/includes';
import { notFollowedNotices, type Notice } from '../nginx/notices';
import type { NginxConfigTree } from '../nginx/tree';
import { basename, dirname, isInside, isYamlPath } from '../paths';
import { parseValuesDocument } from '../values/parse';
import type { ValuesDocument } from '../values/model';
import { siblingChart } from '../values/detect';
import { classifyFile, Discovery, isCandidateName, type DiscoveryProgress, type DiscoveryResult, type SkippedFile } from './discovery';
import type { DiscoveredFile, FileKind } from '../io/fileKinds';
import { formatSize, type FileSystemHost } from '../io/fileSystem';
import type { WorkspaceModel } from '../cross/workspaceModel';
import { chartVersionFor, type WorkspaceSettings } from '../io/settings';
import { CachingFileSystem } from './cachingFileSystem';
import { FindingsPipeline } from './findingsPipeline';

function loadValuesDocument(fs: FileSystemHost, path: string, settings: WorkspaceSettings): ValuesDocument {
  const chart = siblingChart(fs, path);
  // Helm reads a chart's defaults from exactly `values.yaml`; they belong to that chart's version
  // whatever the workspace setting pins for the users' files.
  const chartDefaults = chart?.name === 'fabedge' && basename(path) === 'values.yaml';
  const chartVersion = (chartDefaults && chart.version) || chartVersionFor(settings, path) || chart?.version;
  return parseValuesDocument(path, fs.readFile(path), { ...(chartVersion ? { chartVersion } : {}), chartDefaults });
}

/** Files whose change can alter nginx trees even when they are not nginx files themselves (include targets). */
const NGINX_LIKE = /\.(conf|nginx)$|(^|\/)nginx\.conf$/;

/** A scan under way (WorkspaceIndex.beginScan). */
export interface IndexScan {
  /** Works until `performance.now()` passes the deadline; true once every file is discovered. */
  step(deadline?: number): boolean;
  readonly progress: DiscoveryProgress;
}

/**
 * The workspace as the server keeps it between edits: what each file is, each values file
 * parsed once per text, the nginx trees rebuilt only when an nginx file changes, and a findings
 * pipeline (./findingsPipeline) that checks again only what changed. The CLI uses it for one run.
 */
export class WorkspaceIndex {
  private readonly kinds = new Map<string, FileKind>();
  /** Files the checks never looked at, by path: they get a `file-not-checked` finding instead of silence. */
  private readonly skipped = new Map<string, SkippedFile>();
  private readonly valuesDocs = new Map<string, ValuesDocument>();
  private nginxTrees: NginxConfigTree[] | undefined;
  /** Trees holding a file whose edit kept the trees' shape: rebuilt alone on the next check. */
  private readonly staleTrees = new Set<NginxConfigTree>();
  private treeFiles = new Set<string>();
  private currentModel: WorkspaceModel | undefined;
  private findings: FindingsPipeline;
  /** Documents the editor shows in the nginx language (see `isNginxCandidate`). */
  private readonly nginxLanguage = new Set<string>();

  private readonly fs: CachingFileSystem;

  constructor(
    fileSystem: FileSystemHost,
    private roots: readonly string[],
    private settings: WorkspaceSettings,
    private options: LintOptions,
  ) {
    this.fs = new CachingFileSystem(fileSystem);
    this.findings = new FindingsPipeline(settings, options);
  }

  /** Discovers every file below the roots from scratch. */
  scan(): void {
    this.beginScan().step();
  }

  /**
   * Starts discovering every file below the roots from scratch, to be done in slices (`step`):
   * the server reads a large workspace between the editor's messages. Until the scan is done the
   * index knows no file; a change heard meanwhile must be told again afterwards.
   */
  beginScan(): IndexScan {
    this.forgetFiles();
    const discovery = new Discovery(this.fs, this.roots, this.settings, this.nginxLanguage);
    let done = false;
    return {
      step: (deadline) => {
        if (done) return true;
        if (!discovery.step(deadline)) return false;
        done = true;
        this.takeFiles(discovery.result);
        return true;
      },
      get progress() {
        return discovery.progress;
      },
    };
  }

  /**
   * Takes what a discovery of the roots made elsewhere found (fabedge-lint discovers on two
   * threads), instead of scanning.
   */
  adoptDiscovery(result: DiscoveryResult): void {
    this.forgetFiles();
    this.takeFiles(result);
  }

  private takeFiles(result: DiscoveryResult): void {
    for (const file of result.files) this.kinds.set(file.path, file.kind);
    for (const skipped of result.skipped) this.skipped.set(skipped.path, skipped);
  }

  private forgetFiles(): void {
    this.currentModel = undefined;
    this.fs.clear();
    this.kinds.clear();
    this.skipped.clear();
    this.valuesDocs.clear();
    this.findings = new FindingsPipeline(this.settings, this.options);
    this.invalidateNginx();
  }

  /**
   * Parses the values files the next check needs, until the deadline: the server parses a large
   * workspace's in slices before its first check. True when none is left.
   */
  parseStep(deadline = Infinity): boolean {
    let parsed = false;
    for (const [path, kind] of this.kinds) {
      if (kind !== 'values' || this.skipped.has(path) || this.valuesDocs.has(path)) continue;
      // At least one file a slice, however short.
      if (parsed && performance.now() > deadline) return false;
      this.valuesDocument(path);
      parsed = true;
    }
    return true;
  }

  setRoots(roots: readonly string[]): void {
    this.roots = roots;
    this.scan();
  }

  setSettings(settings: WorkspaceSettings, options: LintOptions): void {
    this.settings = settings;
    this.options = options;
    this.scan();
  }

  /** Whether the path lies below (or is) one of the checked paths. */
  covers(path: string): boolean {
    return this.inRoots(path);
  }

  private inRoots(path: string): boolean {
    return this.roots.some((root) => isInside(root, path));
  }

  /** A file was created or its text changed (on disk or in an editor). */
  fileChanged(path: string): void {
    this.currentModel = undefined;
    this.fs.forget(path);
    if (!this.inRoots(path)) return;
    const previous = this.kinds.get(path);
    let kind: FileKind | undefined;
    this.skipped.delete(path);
    const stat = this.fs.stat(path);
    if (stat?.kind === 'file' && stat.size > this.settings.maxFileSize) {
      if (isCandidateName(path, this.settings)) this.skipped.set(path, { path, reason: 'too-large', detail: formatSize(stat.size) });
    } else if (stat?.kind === 'file') {
      try {
        kind = classifyFile(this.fs, path, this.fs.readFile(path), this.settings, this.nginxLanguage.has(path));
      } catch (error) {
        kind = undefined;
        if (isCandidateName(path, this.settings)) this.skipped.set(path, { path, reason: 'unreadable', detail: errorText(error) });
      }
    }
    if (kind) this.kinds.set(path, kind);
    else this.kinds.delete(path);
    this.valuesDocs.delete(path);
    if (previous === 'nginx' || previous === 'nginx-configmap' || kind === 'nginx' || kind === 'nginx-configmap' || this.treeFiles.has(path) || NGINX_LIKE.test(path)) {
      if (!(previous === 'nginx' && kind === 'nginx' && this.markTreesStale(path))) this.invalidateNginx();
    }
    // A Chart.yaml decides whether its neighbours are FabEdge values files and for which chart.
    if (basename(path) === 'Chart.yaml') this.reclassifyFolder(dirname(path));
  }

  /**
   * The editor shows a document in the nginx language, or no longer does. Call `fileChanged`
   * afterwards (the server does so when the document's text arrives).
   */
  setNginxLanguage(path: string, nginx: boolean): void {
    if (nginx) this.nginxLanguage.add(path);
    else this.nginxLanguage.delete(path);
  }

  /** Whether the checks read the file as nginx: discovered as nginx, or included by an nginx file. */
  readsAsNginx(path: string): boolean {
    const kind = this.kinds.get(path);
    if (kind === 'nginx') return true;
    if (kind) return false;
    return this.trees().some((tree) => [...tree.files.values()].some((file) => file.path === path && !file.configMap));
  }

  /** Includes the analysis did not follow, told outside the findings (output channel, `--verbose`). */
  notices(): Notice[] {
    return notFollowedNotices(this.model().nginx, this.options.locale);
  }

  fileDeleted(path: string): void {
    this.currentModel = undefined;
    this.fs.forget(path);
    const previous = this.kinds.get(path);
    this.kinds.delete(path);
    this.skipped.delete(path);
    this.valuesDocs.delete(path);
    if (previous === 'nginx' || previous === 'nginx-configmap' || this.treeFiles.has(path)) this.invalidateNginx();
    if (basename(path) === 'Chart.yaml') this.reclassifyFolder(dirname(path));
    // A deleted folder takes its files with it.
    for (const known of [...this.kinds.keys()]) if (isInside(path, known) && known !== path) this.fileDeleted(known);
    for (const known of [...this.skipped.keys()]) if (isInside(path, known)) this.skipped.delete(known);
  }

  private reclassifyFolder(folder: string): void {
    let entries;
    try {
      entries = this.fs.readDirectory(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (isYamlPath(entry.name) && entry.name !== 'Chart.yaml') this.fileChanged(`${folder}/${entry.name}`);
    }
  }

  /**
   * An edit inside a file that keeps its includes, main-file status and context changes only the
   * trees holding it: those are rebuilt alone, instead of every tree of the workspace.
   */
  private markTreesStale(path: string): boolean {
    if (!this.nginxTrees) return true;
    const holding = this.nginxTrees.filter((tree) => tree.files.get(path)?.path === path);
    const before = holding[0]?.files.get(path);
    if (!before) return false;
    let text: string;
    try {
      text = this.fs.readFile(path);
    } catch {
      return false;
    }
    if (structureSignature(path, before.text, before.parse.version) !== structureSignature(path, text, before.parse.version)) return false;
    for (const tree of holding) this.staleTrees.add(tree);
    return true;
  }

  private invalidateNginx(): void {
    this.nginxTrees = undefined;
    this.staleTrees.clear();
  }

  get files(): DiscoveredFile[] {
    return [...this.kinds].map(([path, kind]) => ({ path, kind })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  get skippedFiles(): readonly SkippedFile[] {
    return [...this.skipped.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private values(): ValuesDocument[] {
    const docs: ValuesDocument[] = [];
    for (const [path, kind] of this.kinds) {
      if (kind !== 'values' || this.skipped.has(path)) continue;
      const doc = this.valuesDocument(path);
      if (doc) docs.push(doc);
    }
    return docs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** A values file parsed once per text; undefined (and skipped, with the reason) when parsing threw. */
  private valuesDocument(path: string): ValuesDocument | undefined {
    let doc = this.valuesDocs.get(path);
    if (!doc) {
      try {
        doc = loadValuesDocument(this.fs, path, this.settings);
      } catch (error) {
        this.skipped.set(path, { path, reason: 'failed', detail: errorText(error) });
        return undefined;
      }
      this.valuesDocs.set(path, doc);
    }
    return doc;
  }

  private trees(): NginxConfigTree[] {
    if (this.nginxTrees && this.staleTrees.size > 0) {
      const rebuilt = this.nginxTrees.map((tree) => (this.staleTrees.has(tree) ? rebuildTree(this.fs, this.settings, tree, { workspaceFolders: this.roots }) : tree));
      this.staleTrees.clear();
      if (rebuilt.every((tree): tree is NginxConfigTree => tree !== undefined)) this.setTrees(rebuilt);
      else this.invalidateNginx();
    }
    if (!this.nginxTrees) this.setTrees(buildNginxTrees(this.fs, this.files, this.settings, { workspaceFolders: this.roots }));
    return this.nginxTrees as NginxConfigTree[];
  }

  private setTrees(trees: NginxConfigTree[]): void {
    const previous = this.nginxTrees;
    this.nginxTrees = trees;
    // A tree rebuilt after an edit that kept its shape holds the same files: the set stays.
    if (previous?.length === trees.length && trees.every((tree, i) => tree === previous[i] || sameFiles(tree, previous[i]))) return;
    this.treeFiles = new Set(trees.flatMap((tree) => [...tree.files.values()].map((file) => file.path)));
  }

  /**
   * The model, the same object until a file changes: the workspace rules, the CodeLens, hover and
   * definition all memoise their proxy index per model object, so they share one computation.
   */
  model(): WorkspaceModel {
    if (this.currentModel) return this.currentModel;
    const model = { values: this.values(), nginx: this.trees(), proxyFiles: this.settings.proxyFiles };
    this.currentModel = model;
    return model;
  }

  /** Every finding, recomputing only what changed since the last call. */
  lint(): Finding[] {
    return [...this.lintByFile().values()].flat();
  }

  /**
   * Every finding by file, files and findings in order. A file whose findings are as before keeps
   * the same array and the same finding objects, so a caller can tell what changed by identity.
   */
  lintByFile(): ReadonlyMap<string, readonly Finding[]> {
    return this.findings.lintByFile(this.model(), {
      skipped: this.skippedFiles,
      // Not-checked files skip suppression comments: looking for one would read the file that was too large to read.
      textOf: (file) => (this.skipped.has(file) ? undefined : this.readText(file)),
    });
  }

  private readText(path: string): string | undefined {
    try {
      return this.fs.readFile(path);
    } catch {
      return undefined;
    }
  }
}

function sameFiles(a: NginxConfigTree, b: NginxConfigTree): boolean {
  if (a.files.size !== b.files.size) return false;
  for (const id of a.files.keys()) if (!b.files.has(id)) return false;
  return true;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

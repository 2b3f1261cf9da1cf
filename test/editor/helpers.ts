// Helpers for in-editor tests. The workbench is code-server: workspace folders are vscode-remote:
// URIs, so always build URIs from the workspace folder, never from file paths.
import * as vscode from 'vscode';
import type { RequestType } from 'vscode-jsonrpc';
import type { FabEdgeApi } from '../../src/client/extension';

export const EXTENSION_ID = 'fabedge.fabedge-vscode';

/**
 * Sends a FabEdge request (src/shared/protocol.ts) through the extension's client. The tests are
 * bundled apart from the extension, with their own copy of vscode-jsonrpc: the client's copy
 * rejects a request object made by the tests' copy ("Unknown parameter structure auto", it
 * compares those by identity), so the request goes by its method, typed by the protocol's object.
 */
export function sendFabEdgeRequest<P, R>(client: FabEdgeApi['client'], type: RequestType<P, R, void>, params: P): Promise<R> {
  return client.sendRequest<R>(type.method, params);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll fn until it returns a truthy value or the timeout elapses. */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Open a workspace file in an editor and wait for the extension's diagnostics on it. */
export async function openAndWaitForDiagnostics(rel: string, predicate: (d: vscode.Diagnostic) => boolean, timeoutMs = 30_000) {
  const uri = workspaceUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const diagnostic = await waitFor(`a matching diagnostic on ${rel}`,
    () => vscode.languages.getDiagnostics(doc.uri).find(predicate), timeoutMs);
  return { doc, diagnostic };
}

/** `code` of a diagnostic as a string ({ value, target } codes are unwrapped). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

/** Waits until VS Code's file watcher reports a file written in this folder. */
async function untilWatched(folder: vscode.Uri): Promise<void> {
  const probe = vscode.Uri.joinPath(folder, '.watcher-probe');
  // A glob, as the extension's own watcher has: VS Code serves both from the workspace's watcher.
  const watcher = vscode.workspace.createFileSystemWatcher('**/.watcher-probe', false, false, true);
  let seen = false;
  const heard = (uri: vscode.Uri) => {
    if (uri.toString() === probe.toString()) seen = true;
  };
  const listeners = [watcher.onDidCreate(heard), watcher.onDidChange(heard)];
  try {
    for (let attempt = 0; !seen; attempt++) {
      if (attempt === 30) throw new Error(`VS Code's file watcher reported nothing written in ${folder.path} within 30 s`);
      await vscode.workspace.fs.writeFile(probe, new TextEncoder().encode(String(attempt)));
      for (let tick = 0; tick < 10 && !seen; tick++) await sleep(100);
    }
  } finally {
    for (const listener of listeners) listener.dispose();
    watcher.dispose();
    await vscode.workspace.fs.delete(probe);
  }
}

/**
 * Creates the missing folders of a workspace path one level at a time, each once the file watcher
 * reports what is written in it. A watcher learns of a new folder after the fact: a folder created
 * inside one it has not started watching yet is never watched, and nothing written there is ever
 * reported to any extension (seen on code-server with nested folders made at once).
 */
async function watchedFolders(rel: string): Promise<void> {
  const segments = rel.split('/').slice(0, -1);
  for (let depth = 1; depth <= segments.length; depth++) {
    const folder = workspaceUri(...segments.slice(0, depth));
    if (await exists(folder)) continue;
    await vscode.workspace.fs.createDirectory(folder);
    await untilWatched(folder);
  }
}

/**
 * Writes a file into the workspace (the runner gives each run its own copy of the example), its
 * folders created so that the file watcher reports it, as it does a user's.
 */
export async function writeWorkspaceFile(rel: string, text: string): Promise<vscode.Uri> {
  await watchedFolders(rel);
  const uri = workspaceUri(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Diagnostics of the extension with the given rule id on a document. */
export function findingsOf(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'fabedge' && codeOf(d) === rule);
}

/**
 * Asks VS Code for the quick fixes at a diagnostic, as the light bulb does, applies the one
 * whose title matches, and returns it.
 */
export async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  if (!action?.edit) throw new Error(`no quick fix matching ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
  if (!(await vscode.workspace.applyEdit(action.edit))) throw new Error(`VS Code refused the edit of "${action.title}"`);
  return action;
}

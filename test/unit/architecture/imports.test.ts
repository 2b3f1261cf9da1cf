import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The .ts file a relative specifier names, as Node16 resolution finds it; undefined for JSON and packages. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every import, export … from, dynamic import and require between files of src/, type-only ones included. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const target = resolveSpecifier(file, fileName);
      if (target) targets.add(relative(ROOT, target));
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

function folderGraph(files: Map<string, Set<string>>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const edges = graph.get(dirname(file)) ?? new Set<string>();
    graph.set(dirname(file), edges);
    for (const target of targets) if (dirname(target) !== dirname(file)) edges.add(dirname(target));
  }
  return graph;
}

/** The strongly connected components with more than one node, or with an edge to itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

test('the cycle finder finds a cycle through three nodes and a self-import, and none in a DAG', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([node, targets]) => [node, new Set(targets)]));
  assert.deepEqual(cycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })), [['a', 'b', 'c']]);
  assert.deepEqual(cycles(graph({ a: ['a'], b: [] })), [['a']]);
  assert.deepEqual(cycles(graph({ a: ['b', 'c'], b: ['c'], c: [] })), []);
});

test('no file of src/ imports itself through other files', () => {
  const graph = importGraph();
  assert.ok(graph.size > 100, `read ${graph.size} files of src/`);
  assert.deepEqual(cycles(graph), []);
});

test('no folder of src/ imports itself through other folders (the layers form a DAG)', () => {
  assert.deepEqual(cycles(folderGraph(importGraph())), []);
});

test("DEVELOPERS.md's folder table names every folder of src/", () => {
  const table = readFileSync(join(ROOT, 'DEVELOPERS.md'), 'utf8');
  const folders = [...new Set(sourceFiles(SRC).map((file) => relative(ROOT, dirname(file))))].sort();
  const missing = folders.filter((folder) => !table.includes(`| \`${folder}/\``));
  assert.deepEqual(missing, []);
});

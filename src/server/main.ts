import nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { fullCollection, IdleCollection } from './idleCollection';
import { paceFromEnvironment } from '../core/workspace/progress';
import { DEFAULT_PACE, FabEdgeServer } from './server';

// The server re-checks on every keystroke and lives as long as the editor. By default V8 lets the
// old generation grow to several times what is live before it collects, so the resident set kept
// growing with edits (workspace benchmark, 1,000 edits: 136 MB after indexing, 204–283 MB after).
// With 20% head room it stayed at 150–157 MB, for 10–20 ms more at p95. The flag is read at each
// collection, so setting it here works for every launch (VS Code, `fabedge-language-server --stdio`).
setFlagsFromString('--heap-growing-percent=20');
// Indexing keeps nearly everything it allocates, so V8 learns to allocate those objects straight in
// the old generation ("pretenuring"). The same code then runs on every edit, where what it builds
// lives for one check: allocated old, it filled the old generation and forced full collections.
// Without pretenuring (same benchmark): half the memory per edit left to full collections, p95
// 29–34 ms instead of 37–48, and the resident set after 1,000 edits 10.0–11.8% above indexing.
setFlagsFromString('--no-allocation-site-pretenuring');
// V8 compacts the old generation only where it judges a page fragmented enough, and it gives
// memory back to the system only for pages left empty. Each edit replaces a little of the model, so
// the pages of the old generation stay partly used: after 1,000 edits they held 49 MB for 35 MB of
// live objects. Compacting on every full collection (about one in a hundred edits here) moves the
// survivors together and frees the rest (same benchmark: 44 MB, the resident set 6–9% above
// indexing instead of 10–12%, p95 unchanged).
setFlagsFromString('--compact-on-every-full-gc');

// Started by another editor, without the NODE_COMPILE_CACHE the extension sets: the compile cache
// (Node >= 22.1) still serves yaml-language-server's bundle, loaded on the first completion or hover.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The transport comes from the command line: `--node-ipc` when VS Code starts us, `--stdio`
// for other editors (Neovim, Helix).
const connection = createConnection(ProposedFeatures.all);
const collect = fullCollection();
new FabEdgeServer(connection, collect ? new IdleCollection(collect) : undefined, { ...DEFAULT_PACE, ...paceFromEnvironment(process.env) }).listen();

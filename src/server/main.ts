import nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { fullCollection, IdleCollection } from './idleCollection';
import { paceFromEnvironment } from '../core/workspace/progress';
import { FabEdgeServer } from './server';
import { DEFAULT_PACE } from './features/workspaceIndexing';

// The server re-checks on every keystroke and lives as long as the editor. V8 by default lets the
// old generation grow to several times what is live before it collects; 100% head room bounds
// that while the user types (at 100,000 files, 317 MB at the 600th edit against 515 MB without
// it). A smaller one cost each edit a full collection: 20% held 237 MB but put p95 at 483 ms
// against 90 ms. The idle collection below gives the head room back once the edits stop. The
// flag is read at each collection, so setting it here works for every launch (VS Code,
// `fabedge-language-server --stdio`); docs/performance.md has the figures of the flags.
setFlagsFromString('--heap-growing-percent=100');
// Indexing keeps nearly everything it allocates, so V8 learns to allocate those objects straight in
// the old generation ("pretenuring"). The same code then runs on every edit, where what it builds
// lives for one check: allocated old, it filled the old generation and forced full collections.
// Without pretenuring, edits are faster and leave less behind.
setFlagsFromString('--no-allocation-site-pretenuring');
// V8 compacts the old generation only where it judges a page fragmented enough, and it gives
// memory back to the system only for pages left empty. Each edit replaces a little of the model, so
// the pages of the old generation stay partly used. Compacting on every full collection (about
// one in a hundred edits) moves the survivors together and frees the rest, at no cost in p95.
setFlagsFromString('--compact-on-every-full-gc');

// Started by another editor, without the NODE_COMPILE_CACHE the extension sets: the compile cache
// (Node >= 22.1) still serves yaml-language-server's bundle, loaded on the first completion or hover.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The transport comes from the command line: `--node-ipc` when VS Code starts us, `--stdio`
// for other editors (Neovim, Helix).
const connection = createConnection(ProposedFeatures.all);
const collect = fullCollection();
new FabEdgeServer(connection, collect ? new IdleCollection(collect) : undefined, { ...DEFAULT_PACE, ...paceFromEnvironment(process.env) }).listen();

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { FabEdgeServer } from './server';

// The transport comes from the command line: `--node-ipc` when VS Code starts us, `--stdio`
// for other editors (Neovim, Helix).
const connection = createConnection(ProposedFeatures.all);
new FabEdgeServer(connection).listen();

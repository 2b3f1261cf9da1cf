/**
 * The values the server takes from `vscode-languageserver`, imported here once. The package is
 * CommonJS: the bundle copies its hundreds of exports into a namespace object for each module that
 * imports from it (esbuild's `__toESM`), which was 5 ms of the server's start with eight of them.
 * Types may still be imported from the package anywhere (`import type`).
 */
export {
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  FileChangeType,
  InsertTextFormat,
  MarkupContent,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';

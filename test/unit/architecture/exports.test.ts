import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');

/**
 * Exported values (functions, classes, constants) of src/ that nothing imports: not src/, not the tests, not the scripts. The entry points
 * that something outside the program loads (VS Code loads the client's activate/deactivate) are
 * the only exceptions.
 */
const LOADED_FROM_OUTSIDE = new Set(['src/client/extension.ts:activate', 'src/client/extension.ts:deactivate']);

function unusedExports(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  assert.ok(config);
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const used = new Set<ts.Symbol>();
  const original = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const useAllOf = (specifier: ts.Node): void => {
    const module = checker.getSymbolAtLocation(specifier);
    if (module) for (const symbol of checker.getExportsOfModule(module)) used.add(original(symbol));
  };
  const useName = (name: ts.Identifier): void => {
    const symbol = checker.getSymbolAtLocation(name);
    if (symbol) used.add(original(symbol));
  };
  const files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !relative(ROOT, file.fileName).startsWith('..') && !file.fileName.includes('/node_modules/'));
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && node.importClause) {
        const { name, namedBindings } = node.importClause;
        if (name) useName(name);
        if (namedBindings && ts.isNamespaceImport(namedBindings)) useAllOf(node.moduleSpecifier);
        if (namedBindings && ts.isNamedImports(namedBindings)) for (const element of namedBindings.elements) useName(element.name);
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) useAllOf(node.moduleSpecifier);
        else for (const element of node.exportClause.elements) useName(element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name as ts.Identifier);
      } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
        const [specifier] = node.arguments;
        if (specifier) useAllOf(specifier);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        useAllOf(node.argument.literal);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const unused: string[] = [];
  for (const file of files) {
    const path = relative(ROOT, file.fileName);
    if (!path.startsWith('src/')) continue;
    const module = checker.getSymbolAtLocation(file);
    if (!module) continue;
    for (const symbol of checker.getExportsOfModule(module)) {
      // Types cost nothing at run time and often name the shape of an exported function's
      // parameters; the check is about code that runs.
      if (!(original(symbol).flags & ts.SymbolFlags.Value)) continue;
      const id = `${path}:${symbol.name}`;
      if (!used.has(original(symbol)) && !LOADED_FROM_OUTSIDE.has(id)) unused.push(id);
    }
  }
  return unused.sort();
}

test('every exported function, class and constant of src/ is imported somewhere (src/, test/ or scripts/): no dead code', () => {
  const unused = unusedExports();
  assert.deepEqual(unused, [], `exported but imported nowhere (drop the export, or the code):\n${unused.join('\n')}`);
});

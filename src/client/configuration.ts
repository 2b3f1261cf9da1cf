import * as vscode from 'vscode';
import type { ConfigurationParams } from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The names of our resource-scope settings, from the manifest: a setting added there is sent too. */
function resourceSettings(manifest: unknown): string[] {
  const properties = (manifest as { contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } } }).contributes?.configuration?.properties ?? {};
  return Object.entries(properties)
    .filter(([name, spec]) => name.startsWith('fabedge.') && spec.scope === 'resource')
    .map(([name]) => name.slice('fabedge.'.length));
}

/**
 * Answers the server's `workspace/configuration` requests with the settings the user set for the
 * folder (folder, workspace or user level), leaving out the defaults: a setting nobody set must
 * not hide what the folder's `.fabedge.yaml` says.
 */
export function explicitSettings(manifest: unknown, client: () => LanguageClient | undefined) {
  const names = resourceSettings(manifest);
  return (params: ConfigurationParams): unknown[] =>
    params.items.map((item) => {
      const scope = item.scopeUri ? client()?.protocol2CodeConverter.asUri(item.scopeUri) : undefined;
      // Other sections (Red Hat YAML's `yaml`, read for yaml.schemas and yaml.validate) as they are.
      if (item.section !== 'fabedge') return item.section ? (vscode.workspace.getConfiguration(undefined, scope).get(item.section) ?? null) : null;
      const section = vscode.workspace.getConfiguration('fabedge', scope);
      const stated: Record<string, unknown> = {};
      for (const name of names) {
        const value = section.inspect(name);
        const set = value?.workspaceFolderValue ?? value?.workspaceValue ?? value?.globalValue;
        if (set !== undefined) stated[name] = set;
      }
      return stated;
    });
}

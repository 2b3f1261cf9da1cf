import type { RuleSetting } from '../core/engine';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../core/workspace/settings';

/** The `fabedge.*` settings as the client sends them; anything malformed falls back to the default. */
export interface ServerSettings {
  workspace: WorkspaceSettings;
  ruleSettings: Record<string, RuleSetting>;
}

const RULE_SETTINGS = new Set(['off', 'error', 'warning', 'info', 'hint']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readSettings(raw: unknown, trusted: boolean): ServerSettings {
  const section = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const rules = section.rules && typeof section.rules === 'object' ? (section.rules as Record<string, unknown>) : {};
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(rules)) {
    if (typeof value === 'string' && RULE_SETTINGS.has(value)) ruleSettings[id] = value as RuleSetting;
  }
  const chartVersion = typeof section.chartVersion === 'string' && section.chartVersion.trim() ? section.chartVersion.trim() : undefined;
  return {
    workspace: {
      ...DEFAULT_SETTINGS,
      exclude: stringList(section.exclude),
      valuesFiles: stringList(section.valuesFiles),
      nginxFiles: stringList(section.nginxFiles),
      proxyFiles: stringList(section.proxyFiles),
      ...(chartVersion ? { chartVersion } : {}),
      // An untrusted workspace never makes us read files outside it, whatever its settings say.
      followIncludesOutsideWorkspace: trusted && section.followIncludesOutsideWorkspace === true,
    },
    ruleSettings,
  };
}

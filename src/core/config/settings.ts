import { parseRuleSetting, type RuleSetting } from '../findings';
import { anchorGlobs } from '../glob';
import type { LocalizedText } from '../l10n';
import { DEFAULT_SETTINGS, type ConfigProblem, type FolderSettings, type WorkspaceSettings } from '../io/settings';
import { isRecord } from '../records';

export type SettingKind = 'globs' | 'text' | 'flag' | 'rules';

/**
 * Every resource-scope `fabedge.*` setting of package.json, with the kind of value it takes. The
 * config file, the editor's settings and `fabedge-lint` read them through this table, and the
 * config file's schema is built from it and package.json: a new setting is one line here
 * (test/unit/config/settings.test.ts holds the table and package.json together).
 */
export const SETTINGS = {
  exclude: 'globs',
  valuesFiles: 'globs',
  nginxFiles: 'globs',
  proxyFiles: 'globs',
  chartVersion: 'text',
  rules: 'rules',
  followIncludesOutsideWorkspace: 'flag',
} as const satisfies Record<string, SettingKind>;

export type SettingName = keyof typeof SETTINGS;

type ValueOfKind<K extends SettingKind> = K extends 'globs'
  ? readonly string[]
  : K extends 'text'
    ? string
    : K extends 'flag'
      ? boolean
      : Readonly<Record<string, RuleSetting>>;

/** Settings as one source states them: a setting it does not state is absent. */
export type SettingValues = { -readonly [N in SettingName]?: ValueOfKind<(typeof SETTINGS)[N]> };

/** The settings that hold globs; each is a `string[]` field of WorkspaceSettings of the same name. */
export type GlobSettingName = { [N in SettingName]: (typeof SETTINGS)[N] extends 'globs' ? N : never }[SettingName];

const GLOB_SETTINGS = (Object.keys(SETTINGS) as SettingName[]).filter((name): name is GlobSettingName => SETTINGS[name] === 'globs');

/** A problem found while reading settings: the key path it is about, to be placed by the caller. */
export interface SettingProblem {
  /** `['exclude', 2]`: the third entry of exclude; `[]`: the whole document. */
  path: readonly (string | number)[];
  message: LocalizedText;
  args?: Readonly<Record<string, string | number>>;
}

const KIND_PROBLEMS: Record<SettingKind, LocalizedText> = {
  globs: { en: '{key} takes a list of globs.', 'zh-cn': '{key} 应为 glob 列表。' },
  text: { en: '{key} takes a string (quote a version such as "1.0").', 'zh-cn': '{key} 应为字符串（版本号如 "1.0" 请加引号）。' },
  flag: { en: '{key} takes true or false.', 'zh-cn': '{key} 应为 true 或 false。' },
  rules: { en: '{key} takes a mapping of rule ids to off, error, warning, info or hint.', 'zh-cn': '{key} 应为从规则 ID 到 off、error、warning、info 或 hint 的映射。' },
};

const NOT_A_MAPPING: LocalizedText = { en: 'The settings must be a mapping of setting names to values.', 'zh-cn': '设置必须是从设置名到值的映射。' };
const UNKNOWN_SETTING: LocalizedText = { en: 'Unknown setting "{key}" (known: {known}).', 'zh-cn': '未知设置 "{key}"（可用：{known}）。' };
const NOT_A_GLOB: LocalizedText = { en: 'Each entry of {key} must be a glob string.', 'zh-cn': '{key} 的每一项都必须是 glob 字符串。' };
const UNKNOWN_RULE: LocalizedText = { en: 'Unknown rule "{rule}".', 'zh-cn': '未知规则 "{rule}"。' };
const NOT_A_SEVERITY: LocalizedText = { en: 'The setting of {rule} must be off, error, warning, info or hint.', 'zh-cn': '{rule} 的设置必须是 off、error、warning、info 或 hint。' };

/**
 * Reads settings as a source states them (a config file's top level, the editor's `fabedge`
 * section): what is well-formed is kept, the rest is a problem and left out. Never throws.
 */
export function readSettingValues(raw: unknown, knownRules: ReadonlySet<string>): { values: SettingValues; problems: SettingProblem[] } {
  const values: SettingValues = {};
  const problems: SettingProblem[] = [];
  if (raw === null || raw === undefined) return { values, problems };
  if (!isRecord(raw)) return { values, problems: [{ path: [], message: NOT_A_MAPPING }] };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(SETTINGS, key)) {
      problems.push({ path: [key], message: UNKNOWN_SETTING, args: { key, known: Object.keys(SETTINGS).join(', ') } });
      continue;
    }
    const name = key as SettingName;
    const kind: SettingKind = SETTINGS[name];
    const wrongKind = () => problems.push({ path: [key], message: KIND_PROBLEMS[kind], args: { key } });
    if (value === null || value === undefined) continue;
    switch (kind) {
      case 'globs': {
        if (!Array.isArray(value)) {
          wrongKind();
          break;
        }
        const globs: string[] = [];
        value.forEach((entry: unknown, index) => {
          if (typeof entry === 'string') globs.push(entry);
          else problems.push({ path: [key, index], message: NOT_A_GLOB, args: { key } });
        });
        (values as Record<GlobSettingName, readonly string[]>)[name as GlobSettingName] = globs;
        break;
      }
      case 'text':
        if (typeof value === 'string') (values as Record<string, string>)[name] = value;
        else wrongKind();
        break;
      case 'flag':
        if (typeof value === 'boolean') (values as Record<string, boolean>)[name] = value;
        else wrongKind();
        break;
      case 'rules': {
        if (!isRecord(value)) {
          wrongKind();
          break;
        }
        const rules: Record<string, RuleSetting> = {};
        for (const [rule, written] of Object.entries(value)) {
          const setting = parseRuleSetting(written);
          if (!knownRules.has(rule)) problems.push({ path: [key, rule], message: UNKNOWN_RULE, args: { rule } });
          else if (setting) rules[rule] = setting;
          else problems.push({ path: [key, rule], message: NOT_A_SEVERITY, args: { rule } });
        }
        values.rules = rules;
        break;
      }
    }
  }
  return { values, problems };
}

/** One source of settings for a folder, its globs relative to `base`. */
export interface SettingsLayer {
  values: SettingValues;
  /** The folder its relative globs start from: the config file's, the workspace folder, the current folder. */
  base: string;
  /** `add`: its globs join those of the layers below (CLI flags); otherwise a stated list replaces them. */
  globs?: 'replace' | 'add';
}

/** The effective settings of one workspace folder, globs anchored. */
export interface FolderConfiguration extends FolderSettings {
  globs: Record<GlobSettingName, string[]>;
  ruleSettings: Record<string, RuleSetting>;
}

/**
 * Layers settings for one folder, lowest first (the config file, then the editor's settings or
 * the CLI's flags): a list or a value a layer states replaces the one below, `rules` merge rule by
 * rule. An untrusted folder never follows includes out of the workspace, whatever a file in it says.
 */
export function resolveFolder(folder: string, layers: readonly SettingsLayer[], trusted: boolean): FolderConfiguration {
  const globs = Object.fromEntries(GLOB_SETTINGS.map((name) => [name, [] as string[]])) as Record<GlobSettingName, string[]>;
  let chartVersion: string | undefined;
  let follow = DEFAULT_SETTINGS.followIncludesOutsideWorkspace;
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const layer of layers) {
    for (const name of GLOB_SETTINGS) {
      const stated = layer.values[name];
      if (!stated) continue;
      const anchored = anchorGlobs(layer.base, stated);
      globs[name] = layer.globs === 'add' ? [...globs[name], ...anchored] : anchored;
    }
    if (layer.values.chartVersion !== undefined) chartVersion = layer.values.chartVersion.trim() || undefined;
    if (layer.values.followIncludesOutsideWorkspace !== undefined) follow = layer.values.followIncludesOutsideWorkspace;
    Object.assign(ruleSettings, layer.values.rules);
  }
  return {
    folder,
    globs,
    ...(chartVersion ? { chartVersion } : {}),
    followIncludesOutsideWorkspace: trusted && follow,
    ruleSettings,
  };
}

/** What the engine and the workspace index take, for one folder or several. */
export interface ResolvedSettings {
  settings: WorkspaceSettings;
  /** For paths below no folder of `folderRuleSettings`, and for all paths when that is absent. */
  ruleSettings: Record<string, RuleSetting>;
  folderRuleSettings?: { folder: string; ruleSettings: Record<string, RuleSetting> }[];
}

/**
 * Puts the folders of a workspace together: their globs, anchored, join one list each (a glob of
 * one folder never matches in another); the other settings stay by folder when there are several.
 * A path below no folder takes the first folder's settings.
 */
export function combineFolders(folders: readonly FolderConfiguration[], configProblems: readonly ConfigProblem[] = []): ResolvedSettings {
  const first = folders[0];
  const settings: WorkspaceSettings = {
    ...DEFAULT_SETTINGS,
    ...(first?.chartVersion ? { chartVersion: first.chartVersion } : {}),
    followIncludesOutsideWorkspace: first?.followIncludesOutsideWorkspace ?? DEFAULT_SETTINGS.followIncludesOutsideWorkspace,
    ...(configProblems.length > 0 ? { configProblems } : {}),
  };
  for (const name of GLOB_SETTINGS) settings[name] = folders.flatMap((f) => f.globs[name]);
  if (folders.length <= 1) return { settings, ruleSettings: first?.ruleSettings ?? {} };
  settings.folders = folders.map((f) => ({
    folder: f.folder,
    ...(f.chartVersion ? { chartVersion: f.chartVersion } : {}),
    followIncludesOutsideWorkspace: f.followIncludesOutsideWorkspace,
  }));
  return {
    settings,
    ruleSettings: first.ruleSettings,
    folderRuleSettings: folders.map((f) => ({ folder: f.folder, ruleSettings: f.ruleSettings })),
  };
}

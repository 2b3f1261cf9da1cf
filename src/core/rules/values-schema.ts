import type { LocalizedText, Locale } from '../l10n';
import { formatText } from '../l10n';
import type { ValuesRule } from './rule';
import { checkAgainstSchema, formatPath, pathsOfKey, schemaDeclares, type JsonType, type SchemaIssue } from '../values/schemaCheck';
import { rawValuesSchema, SCHEMA_LAYOUTS } from '../values/schemas';
import { CHART_VERSIONS, type LayoutId } from '../values/layout';
import type { ValuesDocument } from '../values/model';
import { hasSyntaxErrors } from '../values/textEdits';
import { listRendering } from '../values/shapes';
import { containsLookalike } from '../values/lookalikes';

const TYPE_NAMES: Record<JsonType, LocalizedText> = {
  string: { en: 'a string', 'zh-cn': '字符串' },
  integer: { en: 'an integer', 'zh-cn': '整数' },
  number: { en: 'a number', 'zh-cn': '数字' },
  boolean: { en: 'a boolean', 'zh-cn': '布尔值' },
  array: { en: 'a list', 'zh-cn': '列表' },
  object: { en: 'a mapping', 'zh-cn': '映射' },
  null: { en: 'null', 'zh-cn': '空值' },
};

function typeList(types: readonly JsonType[], locale: Locale): string {
  const names = types.map((t) => TYPE_NAMES[t][locale]);
  return locale === 'zh-cn' ? names.join('或') : names.join(' or ');
}

/** Both languages filled in here, because the pieces themselves (type names, "top level") are localized. */
function both(en: string, zh: string, args: Record<string, string>): LocalizedText {
  return { en: formatText(en, args), 'zh-cn': formatText(zh, args) };
}

/** "0.6.0–1.0.0": the released charts of a layout. */
function chartsOf(layout: LayoutId): string {
  const versions = CHART_VERSIONS.filter((c) => c.layout === layout).map((c) => c.version);
  return versions.length > 1 ? `${versions[0]}–${versions[versions.length - 1]}` : versions.join('');
}

function describeValue(value: string | number | boolean): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function message(issue: SchemaIssue, doc: ValuesDocument): LocalizedText {
  const { layout } = doc;
  const path = formatPath(issue.path);
  if (issue.kind === 'unknown-key') {
    const parent = formatPath(issue.path.slice(0, -1));
    const args = { key: issue.key, parent, layout: layout.label, charts: layout.charts, suggestion: issue.suggestion ?? '' };
    const where = parent
      ? { en: 'Unknown key "{key}" under "{parent}"', zh: '"{parent}" 下的键 "{key}" 未知' }
      : { en: 'Unknown top-level key "{key}"', zh: '顶层键 "{key}" 未知' };
    const tail = issue.passthrough
      ? { en: ' for the chart {charts} layout ({layout}); the operator passes it on as an unknown flag, and the component exits.', zh: '（chart {charts} 布局 {layout}）；operator 会把它作为未知参数传下去，导致组件退出。' }
      : { en: ' for the chart {charts} layout ({layout}); Helm ignores it silently.', zh: '（chart {charts} 布局 {layout}）；Helm 会静默忽略它。' };
    const hint = issue.suggestion ? { en: ' Did you mean "{suggestion}"?', zh: '您是否想写 "{suggestion}"？' } : { en: '', zh: '' };
    // A key of another layout is the common case (an old file, or a line copied from old docs); say which.
    // The newest layout that has the key, since files usually come from the chart just before.
    const other = issue.suggestion ? undefined : [...SCHEMA_LAYOUTS].reverse().find((id) => id !== layout.id && schemaDeclares(rawValuesSchema(id), issue.path));
    const origin = other
      ? { en: ` "{path}" is a key of the chart ${chartsOf(other)} layout (${other}).`, zh: `"{path}" 是 chart ${chartsOf(other)} 布局（${other}）的键。` }
      : { en: '', zh: '' };
    const moved = other ? pathsOfKey(rawValuesSchema(layout.id), issue.key).map((p) => formatPath(p)) : [];
    const movedHint = moved.length === 1
      ? { en: ' This layout has "{moved}".', zh: '此布局中对应的键是 "{moved}"。' }
      : { en: '', zh: '' };
    return both(where.en + tail.en + hint.en + origin.en + movedHint.en, where.zh + tail.zh + hint.zh + origin.zh + movedHint.zh, { ...args, path, moved: moved[0] ?? '' });
  }
  if (issue.kind === 'type') {
    const args = {
      path,
      expectedEn: typeList(issue.expected, 'en'),
      expectedZh: typeList(issue.expected, 'zh-cn'),
      actualEn: TYPE_NAMES[issue.actual].en,
      actualZh: TYPE_NAMES[issue.actual]['zh-cn'],
    };
    // The classic trap of the old layouts: a YAML list where the chart pastes the value into a flag.
    const listHint = issue.actual === 'array' && issue.expected.includes('string')
      ? { en: ' Write one comma-separated string: this chart renders a list as "[a b]".', zh: '请写成一个以逗号分隔的字符串：此 chart 会把列表渲染成 "[a b]"。' }
      : { en: '', zh: '' };
    return both('"{path}" should be {expectedEn}, not {actualEn}.' + listHint.en, '"{path}" 应为{expectedZh}，而不是{actualZh}。' + listHint.zh, args);
  }
  const allowed = issue.allowed.map((v) => (v === null ? 'null' : describeValue(v))).join(', ');
  return both('"{path}" is {value}, which is not one of {allowed}.', '"{path}" 的值 {value} 不在允许的取值 {allowed} 之中。', {
    path,
    value: describeValue(issue.value),
    allowed,
  });
}

/** A list where a string belongs, or the reverse, on a key whose shape values-list-shape explains (with a fix). */
function isShapeIssue(issue: SchemaIssue, doc: ValuesDocument): boolean {
  if (issue.kind !== 'type' || (issue.actual !== 'array' && issue.actual !== 'string')) return false;
  const rendering = listRendering(doc.layout.id, issue.path);
  return rendering === 'plain' || rendering === 'range';
}

export const valuesSchemaRule: ValuesRule = {
  scope: 'values',
  meta: {
    id: 'values-schema',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'A key or value does not fit the schema of the detected chart layout: an unknown (often misspelled) key, a wrong type or a value outside the allowed set.',
      'zh-cn': '键或值不符合所识别的 chart 布局的 schema：未知（常为拼写错误）的键、类型错误，或取值不在允许范围内。',
    },
  },
  check(doc, ctx) {
    // Keys the YAML parser made up while recovering from an error are no keys of the file.
    if (hasSyntaxErrors(doc)) return;
    const issues = checkAgainstSchema(doc.yaml, rawValuesSchema(doc.layout.id));
    for (const issue of issues) {
      // values-syntax names the invisible character that made this key another key.
      if (isShapeIssue(issue, doc) || (issue.kind === 'unknown-key' && containsLookalike(issue.key))) continue;
      const range = doc.lines.rangeOf(issue.start, issue.end);
      const fixes =
        issue.kind === 'unknown-key' && issue.suggestion
          ? [
              {
                title: { en: 'Replace "{key}" with "{suggestion}"', 'zh-cn': '将 "{key}" 替换为 "{suggestion}"' },
                args: { key: issue.key, suggestion: issue.suggestion },
                edits: [{ file: doc.file, range, newText: issue.suggestion }],
                // A guess at what was meant: offered and preferred, but never applied unattended.
                safe: false,
                preferred: true,
              },
            ]
          : [];
      ctx.report({ file: doc.file, range, message: message(issue, doc), fixes });
    }
  },
};

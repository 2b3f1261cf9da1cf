import { defineRule, type ReportInput, type RuleContext, type RuleMessages } from './rule';
import { checkAgainstSchema, formatPath, pathsOfKey, schemaDeclares, type JsonType, type SchemaIssue } from '../values/schemaCheck';
import { rawValuesSchema, SCHEMA_LAYOUTS } from '../values/schemas';
import { CHART_VERSIONS, type LayoutId } from '../values/layout';
import type { ValuesDocument } from '../values/model';
import { hasSyntaxErrors } from '../values/textEdits';
import { listRendering } from '../values/shapes';
import { containsLookalike } from '../values/lookalikes';

/** `{hint}` is empty or one or more of the sentences below it, each starting with its own space in English. */
const MESSAGES = {
  unknownKeyIgnored: {
    en: 'Unknown key "{key}" under "{parent}" for the chart {charts} layout ({layout}); Helm ignores it silently.{hint}',
    'zh-cn': '"{parent}" 下的键 "{key}" 未知（chart {charts} 布局 {layout}）；Helm 会静默忽略它。{hint}',
  },
  unknownKeyPassedOn: {
    en: 'Unknown key "{key}" under "{parent}" for the chart {charts} layout ({layout}); the operator passes it on as an unknown flag, and the component exits.{hint}',
    'zh-cn': '"{parent}" 下的键 "{key}" 未知（chart {charts} 布局 {layout}）；operator 会把它作为未知参数传下去，导致组件退出。{hint}',
  },
  unknownTopLevelKeyIgnored: {
    en: 'Unknown top-level key "{key}" for the chart {charts} layout ({layout}); Helm ignores it silently.{hint}',
    'zh-cn': '顶层键 "{key}" 未知（chart {charts} 布局 {layout}）；Helm 会静默忽略它。{hint}',
  },
  unknownTopLevelKeyPassedOn: {
    en: 'Unknown top-level key "{key}" for the chart {charts} layout ({layout}); the operator passes it on as an unknown flag, and the component exits.{hint}',
    'zh-cn': '顶层键 "{key}" 未知（chart {charts} 布局 {layout}）；operator 会把它作为未知参数传下去，导致组件退出。{hint}',
  },
  didYouMean: { en: ' Did you mean "{suggestion}"?', 'zh-cn': '您是否想写 "{suggestion}"？' },
  keyOfOtherLayout: { en: ' "{path}" is a key of the chart {otherCharts} layout ({otherLayout}).', 'zh-cn': '"{path}" 是 chart {otherCharts} 布局（{otherLayout}）的键。' },
  layoutHas: { en: ' This layout has "{moved}".', 'zh-cn': '此布局中对应的键是 "{moved}"。' },
  wrongType: { en: '"{path}" should be {expected}, not {actual}.{hint}', 'zh-cn': '"{path}" 应为{expected}，而不是{actual}。{hint}' },
  // The classic trap of the old layouts: a YAML list where the chart pastes the value into a flag.
  writeOneString: { en: ' Write one comma-separated string: this chart renders a list as "[a b]".', 'zh-cn': '请写成一个以逗号分隔的字符串：此 chart 会把列表渲染成 "[a b]"。' },
  notAllowed: { en: '"{path}" is {value}, which is not one of {allowed}.', 'zh-cn': '"{path}" 的值 {value} 不在允许的取值 {allowed} 之中。' },
  typeString: { en: 'a string', 'zh-cn': '字符串' },
  typeInteger: { en: 'an integer', 'zh-cn': '整数' },
  typeNumber: { en: 'a number', 'zh-cn': '数字' },
  typeBoolean: { en: 'a boolean', 'zh-cn': '布尔值' },
  typeArray: { en: 'a list', 'zh-cn': '列表' },
  typeObject: { en: 'a mapping', 'zh-cn': '映射' },
  typeNull: { en: 'null', 'zh-cn': '空值' },
  typeOr: { en: '{first} or {second}', 'zh-cn': '{first}或{second}' },
  replaceKey: { en: 'Replace "{key}" with "{suggestion}"', 'zh-cn': '将 "{key}" 替换为 "{suggestion}"' },
} satisfies RuleMessages;

type Context = RuleContext<keyof typeof MESSAGES>;

const TYPE_NAMES = {
  string: 'typeString',
  integer: 'typeInteger',
  number: 'typeNumber',
  boolean: 'typeBoolean',
  array: 'typeArray',
  object: 'typeObject',
  null: 'typeNull',
} as const satisfies Record<JsonType, keyof typeof MESSAGES>;

function typeList(types: readonly JsonType[], ctx: Context): string {
  return types.map((t) => ctx.text(TYPE_NAMES[t])).reduce((first, second) => ctx.text('typeOr', { first, second }));
}

/** "0.6.0–1.0.0": the released charts of a layout. */
function chartsOf(layout: LayoutId): string {
  const versions = CHART_VERSIONS.filter((c) => c.layout === layout).map((c) => c.version);
  return versions.length > 1 ? `${versions[0]}–${versions[versions.length - 1]}` : versions.join('');
}

function describeValue(value: string | number | boolean): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Reports a schema issue at `place`, in the words its kind needs. */
function report(issue: SchemaIssue, doc: ValuesDocument, ctx: Context, place: Omit<ReportInput<keyof typeof MESSAGES>, 'messageId' | 'args'>): void {
  const { layout } = doc;
  const path = formatPath(issue.path);
  if (issue.kind === 'unknown-key') {
    const parent = formatPath(issue.path.slice(0, -1));
    let hint = issue.suggestion ? ctx.text('didYouMean', { suggestion: issue.suggestion }) : '';
    // A key of another layout is the common case (an old file, or a line copied from old docs); say which.
    // The newest layout that has the key, since files usually come from the chart just before.
    const other = issue.suggestion ? undefined : [...SCHEMA_LAYOUTS].reverse().find((id) => id !== layout.id && schemaDeclares(rawValuesSchema(id), issue.path));
    if (other) {
      hint += ctx.text('keyOfOtherLayout', { path, otherCharts: chartsOf(other), otherLayout: other });
      const moved = pathsOfKey(rawValuesSchema(layout.id), issue.key).map((p) => formatPath(p));
      if (moved.length === 1) hint += ctx.text('layoutHas', { moved: moved[0] });
    }
    const passedOn = issue.passthrough === true;
    const messageId = parent ? (passedOn ? 'unknownKeyPassedOn' : 'unknownKeyIgnored') : passedOn ? 'unknownTopLevelKeyPassedOn' : 'unknownTopLevelKeyIgnored';
    ctx.report({ ...place, messageId, args: { key: issue.key, parent, layout: layout.label, charts: layout.charts, hint } });
    return;
  }
  if (issue.kind === 'type') {
    const hint = issue.actual === 'array' && issue.expected.includes('string') ? ctx.text('writeOneString') : '';
    ctx.report({ ...place, messageId: 'wrongType', args: { path, expected: typeList(issue.expected, ctx), actual: ctx.text(TYPE_NAMES[issue.actual]), hint } });
    return;
  }
  const allowed = issue.allowed.map((v) => (v === null ? 'null' : describeValue(v))).join(', ');
  ctx.report({ ...place, messageId: 'notAllowed', args: { path, value: describeValue(issue.value), allowed } });
}

/** A list where a string belongs, or the reverse, on a key whose shape values-list-shape explains (with a fix). */
function isShapeIssue(issue: SchemaIssue, doc: ValuesDocument): boolean {
  if (issue.kind !== 'type' || (issue.actual !== 'array' && issue.actual !== 'string')) return false;
  const rendering = listRendering(doc.layout.id, issue.path);
  return rendering === 'plain' || rendering === 'range';
}

export const valuesSchemaRule = defineRule({
  scope: 'values',
  meta: {
    id: 'values-schema',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'A key or value does not fit the schema of the detected chart layout: an unknown (often misspelled) key, a wrong type or a value outside the allowed set.',
      'zh-cn': '键或值不符合所识别的 chart 布局的 schema：未知（常为拼写错误）的键、类型错误，或取值不在允许范围内。',
    },
    messages: MESSAGES,
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
                messageId: 'replaceKey' as const,
                args: { key: issue.key, suggestion: issue.suggestion },
                edits: [{ file: doc.file, range, newText: issue.suggestion }],
                // A guess at what was meant: offered and preferred, but never applied unattended.
                safe: false,
                preferred: true,
              },
            ]
          : [];
      report(issue, doc, ctx, { file: doc.file, range, fixes });
    }
  },
});

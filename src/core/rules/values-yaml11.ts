import { isPair, isScalar, Scalar, visit } from 'yaml';
import { defineRule } from './rule';
import { edit, hasSyntaxErrors, quoted } from '../values/textEdits';

// go-yaml v2, which Helm uses, still resolves these YAML 1.1 booleans; YAML 1.2 tools read strings.
const BOOL_WORD = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const TRUE_WORD = /^(y|yes|on)$/i;
// YAML 1.1 reads a leading zero as octal (0123 is 83); YAML 1.2 reads decimal 123.
const LEADING_ZERO = /^[-+]?0[0-9_]+$/;
/** Keys whose chart value is a boolean, so a `yes` there most likely means true. */
const BOOL_KEYS = new Set(['masqOutgoing', 'enableProxy', 'connectorAsMediator', 'create', 'autoKeepIPPools', 'allowCreateNamespace']);

export const valuesYaml11 = defineRule({
  scope: 'values',
  meta: {
    id: 'values-yaml11',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'Unquoted values that Helm (YAML 1.1) reads differently from YAML 1.2 editors and tools.',
      'zh-cn': '未加引号、Helm（YAML 1.1）与 YAML 1.2 编辑器和工具读法不同的值。',
    },
    messages: {
      booleanWord: {
        en: 'Helm reads the unquoted {value} as the boolean {bool} (YAML 1.1), while YAML 1.2 tools read the string "{value}". Write {bool} or "{value}".',
        'zh-cn': 'Helm 把未加引号的 {value} 读作布尔值 {bool}（YAML 1.1），而 YAML 1.2 工具读作字符串“{value}”。请写 {bool} 或 "{value}"。',
      },
      leadingZero: {
        en: 'Helm reads {value} as the number {read} (YAML 1.1 octal or float), not {value}; quote it if it is a string such as a token.',
        'zh-cn': 'Helm 把 {value} 读作数字 {read}（YAML 1.1 八进制或浮点数），而不是 {value}；若它是字符串（如 token），请加引号。',
      },
      writeBool: { en: 'Write {bool}', 'zh-cn': '改为 {bool}' },
      quote: { en: 'Quote it: "{value}"', 'zh-cn': '加引号："{value}"' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    visit(doc.yaml, {
      Scalar(key, node, path) {
        if (key === 'key' || node.type !== Scalar.PLAIN || !node.range) return;
        const parent = path[path.length - 1];
        const keyName = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : '';
        const grand = path[path.length - 3];
        // agent.args values are values-agent-args' business.
        if (isPair(grand) && isScalar(grand.key) && grand.key.value === 'args') return;
        const [start, end] = [node.range[0], node.range[1]];
        const source = doc.text.slice(start, end);
        const range = doc.lines.rangeOf(start, end);
        if (BOOL_WORD.test(source)) {
          const bool = TRUE_WORD.test(source) ? 'true' : 'false';
          const boolKey = BOOL_KEYS.has(keyName);
          ctx.report({
            file: doc.file,
            range,
            messageId: 'booleanWord',
            args: { value: source, bool },
            fixes: [
              { messageId: 'writeBool', args: { bool }, edits: [edit(doc, start, end, bool)], safe: boolKey, preferred: boolKey },
              { messageId: 'quote', args: { value: source }, edits: [edit(doc, start, end, quoted(source))], safe: !boolKey, preferred: !boolKey },
            ],
          });
        } else if (LEADING_ZERO.test(source)) {
          ctx.report({
            file: doc.file,
            range,
            messageId: 'leadingZero',
            args: { value: source, read: String(node.value) },
            fixes: [{ messageId: 'quote', args: { value: source }, edits: [edit(doc, start, end, quoted(source))], safe: true, preferred: true }],
          });
        }
      },
    });
  },
});

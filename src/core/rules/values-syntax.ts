import { isMap, isScalar, visit, type Node, type YAMLError } from 'yaml';
import type { Range } from '../text';
import { indentUnit } from '../values/textEdits';
import { culpritOfLine, findLookalikes, judgeLookalikes, type Lookalike, type LookalikePlace } from '../values/lookalikes';
import type { ValuesDocument } from '../values/model';
import { defineRule, type FixInput, type RuleContext, type RuleMessages } from './rule';

/**
 * A look-alike breaks the YAML (`error…`), or, in a file that parses, moves or renames a key
 * without a word (`silent…`): one message of each for each place a character can sit.
 */
const MESSAGES = {
  errorTabIndentation: {
    en: 'YAML syntax error: line {line} is indented with a {name} ({code}); YAML allows only spaces in indentation.',
    'zh-cn': 'YAML 语法错误：第 {line} 行用{name}（{code}）缩进；YAML 的缩进只允许空格。',
  },
  errorIndentation: {
    en: 'YAML syntax error: line {line} has a {name} ({code}) in its indentation, which YAML reads as text, not as a space.',
    'zh-cn': 'YAML 语法错误：第 {line} 行的缩进中有{name}（{code}），YAML 把它当作文本而不是空格。',
  },
  errorAfterColon: {
    en: 'YAML syntax error: line {line} has a {name} ({code}) after ":", where YAML needs an ordinary space.',
    'zh-cn': 'YAML 语法错误：第 {line} 行“:”之后是{name}（{code}），而 YAML 在此需要普通空格。',
  },
  errorAfterDash: {
    en: 'YAML syntax error: line {line} has a {name} ({code}) after "-", where YAML needs an ordinary space.',
    'zh-cn': 'YAML 语法错误：第 {line} 行“-”之后是{name}（{code}），而 YAML 在此需要普通空格。',
  },
  errorKeyColon: {
    en: 'YAML syntax error: line {line} ends its key with a {name} ({code}); YAML needs an ASCII ":" followed by a space.',
    'zh-cn': 'YAML 语法错误：第 {line} 行的键以{name}（{code}）结尾；YAML 需要半角“:”后跟空格。',
  },
  errorInvisible: {
    en: 'YAML syntax error: line {line} has an invisible {name} ({code}) that YAML reads as part of the text.',
    'zh-cn': 'YAML 语法错误：第 {line} 行有不可见的{name}（{code}），YAML 会把它当作文本的一部分。',
  },
  silentTabIndentation: {
    en: 'Helm reads this file differently than it looks: line {line} is indented with a {name} ({code}); YAML allows only spaces in indentation.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行用{name}（{code}）缩进；YAML 的缩进只允许空格。',
  },
  silentIndentation: {
    en: 'Helm reads this file differently than it looks: line {line} has a {name} ({code}) in its indentation, which YAML reads as text, not as a space.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行的缩进中有{name}（{code}），YAML 把它当作文本而不是空格。',
  },
  silentAfterColon: {
    en: 'Helm reads this file differently than it looks: line {line} has a {name} ({code}) after ":", where YAML needs an ordinary space.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行“:”之后是{name}（{code}），而 YAML 在此需要普通空格。',
  },
  silentAfterDash: {
    en: 'Helm reads this file differently than it looks: line {line} has a {name} ({code}) after "-", where YAML needs an ordinary space.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行“-”之后是{name}（{code}），而 YAML 在此需要普通空格。',
  },
  silentKeyColon: {
    en: 'Helm reads this file differently than it looks: line {line} ends its key with a {name} ({code}); YAML needs an ASCII ":" followed by a space.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行的键以{name}（{code}）结尾；YAML 需要半角“:”后跟空格。',
  },
  silentInvisible: {
    en: 'Helm reads this file differently than it looks: line {line} has an invisible {name} ({code}) that YAML reads as part of the text.',
    'zh-cn': 'Helm 读取此文件的方式与其外观不同：第 {line} 行有不可见的{name}（{code}），YAML 会把它当作文本的一部分。',
  },
  syntaxError: { en: 'YAML syntax error: {detail}', 'zh-cn': 'YAML 语法错误：{detail}' },
  syntaxErrorCausedBy: { en: 'YAML syntax error: {detail}, caused by the {name} ({code}) on line {line}.', 'zh-cn': 'YAML 语法错误：{detail}，由第 {line} 行的{name}（{code}）引起。' },
  duplicateKey: {
    en: 'Duplicate key "{key}": Helm keeps only the last value and ignores the one on line {line}. YAML tools that reject repeated keys as an error are stricter than Helm.',
    'zh-cn': '重复的键“{key}”：Helm 只保留最后一个值，忽略第 {line} 行的值。把重复键报为错误的 YAML 工具比 Helm 更严格。',
  },
  firstDefinition: { en: 'first definition', 'zh-cn': '首次定义' },
  laterDocuments: {
    en: 'Helm reads only the first YAML document of a values file; everything after this "---" is ignored.',
    'zh-cn': 'Helm 只读取 values 文件中的第一个 YAML 文档；此“---”之后的内容都会被忽略。',
  },
  replaceTab: { en: 'Replace the tab with {count} spaces', 'zh-cn': '将制表符替换为 {count} 个空格' },
  replaceTabs: { en: 'Replace the tabs with {count} spaces', 'zh-cn': '将制表符替换为 {count} 个空格' },
  replaceColon: { en: 'Replace "：" with "{replacement}"', 'zh-cn': '将“：”替换为“{replacement}”' },
  removeChar: { en: 'Remove the {name} ({code})', 'zh-cn': '删除{name}（{code}）' },
  replaceChar: { en: 'Replace the {name} ({code}) with ordinary spaces', 'zh-cn': '将{name}（{code}）替换为普通空格' },
  charTab: { en: 'tab', 'zh-cn': '制表符' },
  charNoBreakSpace: { en: 'no-break space', 'zh-cn': '不间断空格' },
  charFullWidthSpace: { en: 'full-width space', 'zh-cn': '全角空格' },
  charZeroWidthSpace: { en: 'zero-width space', 'zh-cn': '零宽空格' },
  charZeroWidthNonJoiner: { en: 'zero-width non-joiner', 'zh-cn': '零宽非连接符' },
  charZeroWidthJoiner: { en: 'zero-width joiner', 'zh-cn': '零宽连接符' },
  charWordJoiner: { en: 'word joiner', 'zh-cn': '零宽词连接符' },
  charByteOrderMark: { en: 'zero-width no-break space (byte order mark)', 'zh-cn': '零宽不换行空格（字节顺序标记）' },
  charFullWidthColon: { en: 'full-width colon "："', 'zh-cn': '全角冒号“：”' },
  charOtherSpace: { en: 'special-width space', 'zh-cn': '特殊宽度空格' },
} satisfies RuleMessages;

type MessageId = keyof typeof MESSAGES;

/** The message naming each character. */
const CHAR_NAMES: Readonly<Record<string, MessageId>> = {
  '\t': 'charTab',
  '\u00a0': 'charNoBreakSpace',
  '\u3000': 'charFullWidthSpace',
  '\u200b': 'charZeroWidthSpace',
  '\u200c': 'charZeroWidthNonJoiner',
  '\u200d': 'charZeroWidthJoiner',
  '\u2060': 'charWordJoiner',
  '\ufeff': 'charByteOrderMark',
  '\uff1a': 'charFullWidthColon',
};

const PLACE_MESSAGES: Record<'error' | 'silent', Record<LookalikePlace | 'tab', MessageId>> = {
  error: { tab: 'errorTabIndentation', indentation: 'errorIndentation', 'after-colon': 'errorAfterColon', 'after-dash': 'errorAfterDash', 'key-colon': 'errorKeyColon', text: 'errorInvisible' },
  silent: { tab: 'silentTabIndentation', indentation: 'silentIndentation', 'after-colon': 'silentAfterColon', 'after-dash': 'silentAfterDash', 'key-colon': 'silentKeyColon', text: 'silentInvisible' },
};

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function nameOf(ch: string): MessageId {
  return CHAR_NAMES[ch] ?? 'charOtherSpace';
}

function fix(c: Lookalike, ctx: RuleContext<MessageId>): Pick<FixInput<MessageId>, 'messageId' | 'args'> {
  if (c.char === '\t') return { messageId: c.end - c.start > 1 ? 'replaceTabs' : 'replaceTab', args: { count: c.replacement.length } };
  if (c.place === 'key-colon') return { messageId: 'replaceColon', args: { replacement: c.replacement } };
  const args = { name: ctx.text(nameOf(c.char)), code: codePoint(c.char) };
  return { messageId: c.replacement === '' ? 'removeChar' : 'replaceChar', args };
}

/**
 * Reports the invisible or look-alike characters that make YAML read the file other than it looks,
 * by name, each with a fix, and the parser's errors. When replacing the characters leaves no error,
 * the fixes are safe and the parser's errors are one cascade: one finding a line, none on a line
 * whose character is already reported. In a file that parses, a character that moves or renames a
 * key is a warning whose fix waits for a person: it changes what Helm reads.
 */
function reportLookalikesAndErrors(doc: ValuesDocument, errors: readonly YAMLError[], ctx: RuleContext<MessageId>): void {
  const parsesCleanly = errors.length === 0;
  const found = findLookalikes(doc.text, indentUnit(doc));
  if (parsesCleanly && found.length === 0) return;
  const verdict = judgeLookalikes(doc.text, found, parsesCleanly);
  const lineOf = (offset: number) => doc.lines.positionAt(offset).line;
  for (const c of verdict.culprits) {
    const line = lineOf(c.start) + 1;
    const messages = PLACE_MESSAGES[parsesCleanly ? 'silent' : 'error'];
    ctx.report({
      file: doc.file,
      range: doc.lines.rangeOf(c.start, c.end),
      ...(parsesCleanly ? { severity: 'warning' as const } : {}),
      messageId: messages[c.char === '\t' ? 'tab' : c.place],
      args: { line, name: ctx.text(nameOf(c.char)), code: codePoint(c.char) },
      fixes: [{ ...fix(c, ctx), edits: [{ file: doc.file, range: doc.lines.rangeOf(c.start, c.end), newText: c.replacement }], safe: verdict.explainsAll, preferred: true }],
    });
  }
  const toldLines = new Set(verdict.culprits.map((c) => lineOf(c.start)));
  const attribution = new Map<Lookalike, Set<number>>();
  for (const error of errors) {
    const [start, end] = error.pos;
    if (verdict.explainsAll) {
      if (toldLines.has(lineOf(start))) continue;
      toldLines.add(lineOf(start));
    }
    // A zero-width error (an unexpected end, say) still needs something to underline.
    const range: Range = doc.lines.rangeOf(start, Math.max(end, Math.min(start + 1, doc.text.length)));
    const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const cause = culpritOfLine(doc.text, verdict, lineOf(start), lineOf, attribution);
    ctx.report({
      file: doc.file,
      range,
      // Without a look-alike to name, it is the parser's own error, which a YAML extension shows too.
      ...(cause
        ? { messageId: 'syntaxErrorCausedBy', args: { detail, name: ctx.text(nameOf(cause.char)), code: codePoint(cause.char), line: lineOf(cause.start) + 1 } }
        : { messageId: 'syntaxError', args: { detail }, plainSyntax: true as const }),
    });
  }
}

export const valuesSyntax = defineRule({
  scope: 'values',
  meta: {
    id: 'values-syntax',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The values file is not valid YAML, or Helm would read it differently than it looks.',
      'zh-cn': 'values 文件不是合法的 YAML，或 Helm 读取它的方式与其外观不同。',
    },
    messages: MESSAGES,
  },
  check(doc, ctx) {
    reportLookalikesAndErrors(doc, doc.documents.flatMap((yaml) => yaml.errors), ctx);
    if (doc.yaml.errors.length > 0) return;

    // go-yaml (Helm) does not reject a repeated key: one value silently replaces the other.
    visit(doc.yaml, {
      Map(_, map) {
        if (!isMap(map)) return;
        const seen = new Map<string, Node>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || !pair.key.range) continue;
          const key = String(pair.key.value);
          const first = seen.get(key);
          if (first?.range) {
            ctx.report({
              file: doc.file,
              range: doc.lines.rangeOf(pair.key.range[0], pair.key.range[1]),
              severity: 'warning',
              messageId: 'duplicateKey',
              args: { key, line: doc.lines.positionAt(first.range[0]).line + 1 },
              related: [{
                file: doc.file,
                range: doc.lines.rangeOf(first.range[0], first.range[1]),
                messageId: 'firstDefinition',
              }],
            });
          } else seen.set(key, pair.key);
        }
      },
    });

    // Helm reads values with a single-document decoder: later documents never reach the chart.
    const later = doc.documents.slice(1).find((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
    if (later?.range) {
      const before = doc.text.lastIndexOf('---', later.range[0]);
      const start = before >= 0 ? before : later.range[0];
      ctx.report({
        file: doc.file,
        range: doc.lines.rangeOf(start, start + 3),
        severity: 'warning',
        messageId: 'laterDocuments',
      });
    }
  },
});

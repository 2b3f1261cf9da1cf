import { defineRule, type FixInput, type RuleContext, type RuleMessages } from './rule';
import type { Directive, ParseError } from '../nginx/ast';
import { acceptsArgumentCount, directiveContextOf, knownDirectiveName, placementIn } from '../nginx/directives';
import { HTTP_OR_STREAM, walkNodes, type NginxContext, type NginxFile } from '../nginx/model';
import type { NginxConfigTree } from '../nginx/tree';
import { templateOf, type TemplateInfo, type TemplateKind } from '../nginx/templates';
import { walkDirectives } from '../nginx/parser';
import { insertAt } from '../nginx/textEdits';
import { pushTo } from '../lists';

/** The unterminated statement right before an `unexpected "}"` or end of file: the usual missing `;`. */
function unterminatedBefore(file: NginxFile, error: ParseError): Directive | undefined {
  if (error.code !== 'unexpected-close-brace' && error.code !== 'eof-in-statement') return undefined;
  // At end of file the error is on the statement's last word; a `}` comes after the statement.
  const at = error.code === 'eof-in-statement' ? error.end : error.start;
  let best: Directive | undefined;
  for (const d of walkDirectives(file.parse.directives)) {
    if (d.terminator === 'missing' && !d.block && d.end <= at && (!best || d.end > best.end)) best = d;
  }
  // Only when nothing but blanks and comments separate the statement from the error.
  if (best && /^(\s|#[^\n]*)*$/.test(file.text.slice(best.end, at))) return best;
  return undefined;
}

/** The title of `insertSemicolon`'s fix, for the messages of each rule that offers it. */
export const INSERT_SEMICOLON_MESSAGES = {
  insertSemicolon: { en: 'Insert ";" after "{word}"', 'zh-cn': '在 “{word}” 之后插入 ";"' },
};

/**
 * The missing `;` put back after `word`. Safe: the callers offer it only where nginx then accepts
 * the statement, and a file with a syntax error was rejected by nginx anyway.
 */
export function insertSemicolon(file: NginxFile, offset: number, word: string): FixInput<'insertSemicolon'> {
  return {
    messageId: 'insertSemicolon',
    args: { word },
    edits: [insertAt(file, offset, ';')],
    safe: true,
    preferred: true,
  };
}

/** A fragment read as `HTTP_OR_STREAM` could stand in either module: a statement must fit both. */
function concreteContexts(context: NginxContext): NginxContext[] {
  const at = context.indexOf(HTTP_OR_STREAM);
  if (at === -1) return [context];
  return ['http', 'stream'].map((module) => context.map((name, i) => (i === at ? module : name)));
}

/** Entries of the blocks read by a module's own handler, and the words each needs. */
const ENTRY_WORDS: Record<string, (words: number) => boolean> = {
  map: (n) => n === 2,
  geo: (n) => n === 2,
  split_clients: (n) => n === 2,
  charset_map: (n) => n === 2,
  types: (n) => n >= 2,
};

/**
 * Whether nginx accepts the statement once a `;` ends it, in every context it is read in: a
 * directive nginx knows there, that takes no block and this many arguments, with no second
 * directive run into it on a later line (then more than one `;` is missing).
 */
function semicolonCompletes(statement: Directive, error: ParseError, contexts: readonly NginxContext[], file: NginxFile): boolean {
  // A `}` at file level closes nothing; at end of file an open block stays open.
  if (error.code === 'unexpected-close-brace' ? !statement.parent : statement.parent) return false;
  if (statement.kind === 'entry') return ENTRY_WORDS[statement.parent?.name ?? '']?.(statement.words) ?? false;
  let previousLine = file.positionAt(statement.nameToken.end).line;
  for (const arg of statement.args) {
    const line = file.positionAt(arg.start).line;
    if (line > previousLine && knownDirectiveName(arg.value)) return false;
    previousLine = file.positionAt(arg.end).line;
  }
  const all = contexts.flatMap(concreteContexts);
  return (
    all.length > 0 &&
    all.every((context) => {
      const where = directiveContextOf(context);
      const placement = where && placementIn(statement.name, where);
      return placement !== undefined && !placement.block && acceptsArgumentCount(placement, statement.args.length);
    })
  );
}

/** Every context each statement of the tree is read in (a file included twice has two). */
function contextsByStatement(tree: NginxConfigTree): Map<Directive, NginxContext[]> {
  const contexts = new Map<Directive, NginxContext[]>();
  for (const node of walkNodes(tree.nodes)) pushTo(contexts, node.directive, node.context);
  return contexts;
}

const MESSAGES = {
  syntaxError: { en: '{message} (nginx reports line {line})', 'zh-cn': '{message}（nginx 报告第 {line} 行）' },
  templateStopsNginx: {
    en: 'Templated ({kind}: {marker}), not checked. As written, nginx stops here: {message} (nginx reports line {line}).',
    'zh-cn': '模板文件（{kind}：{marker}），未检查。按原样，nginx 在此处停止：{message}（nginx 报告第 {line} 行）。',
  },
  templateRejectedLine: {
    en: 'Templated ({kind}: {marker}), not checked. As written, nginx rejects this line.',
    'zh-cn': '模板文件（{kind}：{marker}），未检查。按原样，nginx 会拒绝这一行。',
  },
  template: { en: 'Templated ({kind}: {marker}), not checked.', 'zh-cn': '模板文件（{kind}：{marker}），未检查。' },
  kindJinja: { en: 'Jinja, Go or Helm', 'zh-cn': 'Jinja、Go 或 Helm' },
  kindTerraform: { en: 'Terraform', 'zh-cn': 'Terraform' },
  kindErb: { en: 'ERB', 'zh-cn': 'ERB' },
  kindEnvsubst: { en: 'envsubst', 'zh-cn': 'envsubst' },
  kindVariable: { en: 'unexpanded variable', 'zh-cn': '未展开的变量' },
  kindPlaceholder: { en: 'placeholder', 'zh-cn': '占位符' },
  ...INSERT_SEMICOLON_MESSAGES,
} satisfies RuleMessages;

type MessageId = keyof typeof MESSAGES;

/** The message naming each kind of template. */
const TEMPLATE_KINDS = {
  jinja: 'kindJinja',
  terraform: 'kindTerraform',
  erb: 'kindErb',
  envsubst: 'kindEnvsubst',
  variable: 'kindVariable',
  placeholder: 'kindPlaceholder',
} as const satisfies Record<TemplateKind, string>;

/** nginx's line for an error, counted in the YAML file for a ConfigMap entry. */
function reportedLine(file: NginxFile, error: ParseError): number {
  return error.line + (file.configMap ? file.configMap.firstLine : 0);
}

/** The one finding of a template: where nginx would stop on it as written, else on its first marker. */
function reportTemplate(file: NginxFile, template: TemplateInfo, ctx: RuleContext<MessageId>): void {
  const { failure } = template;
  const at = failure?.kind === 'statement' ? failure : template.marker;
  const args = { kind: ctx.text(TEMPLATE_KINDS[template.marker.kind]), marker: template.marker.text };
  if (failure?.kind === 'syntax') {
    const { error } = failure;
    ctx.report({
      file: file.path,
      range: file.rangeOf(error.start, error.end),
      messageId: 'templateStopsNginx',
      args: { ...args, message: error.message, line: reportedLine(file, error) },
      severity: 'info',
    });
    return;
  }
  ctx.report({ file: file.path, range: file.rangeOf(at.start, at.end), messageId: failure ? 'templateRejectedLine' : 'template', args, severity: 'info' });
}

/**
 * nginx's own tokenizer and statement-loop errors, in nginx's wording, on the offending text. nginx
 * stops at the first one, so only that one is reported: later ones come from reading on after it.
 * A template gets one finding (info) instead, and no other rule looks at it.
 */
export const nginxSyntax = defineRule({
  scope: 'nginx',
  meta: {
    id: 'nginx-syntax',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'nginx cannot read the configuration: a lexical or block-structure error, or a template that is not rendered yet.',
      'zh-cn': 'nginx 无法读取该配置：存在词法或块结构错误，或是尚未渲染的模板。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx) {
    let contexts: Map<Directive, NginxContext[]> | undefined;
    for (const file of tree.files.values()) {
      const template = templateOf(file.text, file.parse);
      if (template) {
        reportTemplate(file, template, ctx);
        continue;
      }
      const error = file.parse.errors[0];
      if (!error) continue;
      const statement = unterminatedBefore(file, error);
      contexts ??= statement ? contextsByStatement(tree) : undefined;
      const fixable = statement && contexts && semicolonCompletes(statement, error, contexts.get(statement) ?? [], file);
      ctx.report({
        file: file.path,
        range: file.rangeOf(error.start, error.end),
        messageId: 'syntaxError',
        args: { message: error.message, line: reportedLine(file, error) },
        ...(statement && fixable ? { fixes: [insertSemicolon(file, statement.end, statement.name)] } : {}),
      });
    }
  },
});

/**
 * The values snippets (`fabedge-values-host`, …), offered by the server's completion in FabEdge
 * values files only. Contributed to VS Code for the `yaml` language, they showed in every
 * Kubernetes manifest and GitHub workflow; here they follow the server's discovery, which also
 * takes an empty `values*.yaml` beside a FabEdge Chart.yaml or a file `fabedge.valuesFiles` names.
 */
import type { CompletionItem, Position } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from '../lsp/values';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale } from '../../core/l10n';
import definitions from '../../../snippets/values.json';

/** A snippet in VS Code's snippet file format: `description` holds English, then Chinese. */
export interface SnippetDefinition {
  prefix: string;
  description: string[];
  body: string[];
}

const VALUES_SNIPPETS: readonly SnippetDefinition[] = Object.values(definitions);

/**
 * The text a snippet gives when every default is accepted: `${1:x}` and `${1|x,y|}` give x, a bare
 * `$1` or `${1}` repeats the text of tab stop 1, `$0` is empty, and `\$`, `\}`, `\\` unescape.
 */
export function expandSnippet(body: string): string {
  const values = new Map<string, string>();
  let i = 0;
  const parse = (stopAtBrace: boolean): string => {
    let out = '';
    while (i < body.length) {
      const ch = body[i];
      if (ch === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (stopAtBrace && ch === '}') {
        return out;
      } else if (ch === '$') {
        const simple = /^\$(\d+)/.exec(body.slice(i));
        const open = /^\$\{(\d+)([:|}])/.exec(body.slice(i));
        if (simple) {
          i += simple[0].length;
          out += `\u0000${simple[1]}\u0000`;
        } else if (open) {
          const stop = open[1];
          i += open[0].length;
          if (open[2] === '}') {
            out += `\u0000${stop}\u0000`;
          } else if (open[2] === ':') {
            const inner = parse(true);
            i++; // the closing brace
            if (!values.has(stop)) values.set(stop, inner);
            out += inner;
          } else {
            const end = body.indexOf('|}', i);
            if (end < 0) throw new Error(`unclosed choice at ${body.slice(i - open[0].length, i + 20)}`);
            const first = body.slice(i, end).split(',')[0];
            i = end + 2;
            if (!values.has(stop)) values.set(stop, first);
            out += first;
          }
        } else {
          throw new Error(`unsupported snippet syntax at ${body.slice(i, i + 20)}`);
        }
      } else {
        out += ch;
        i++;
      }
    }
    return out;
  };
  // eslint-disable-next-line no-control-regex
  return parse(false).replace(/\u0000(\d+)\u0000/g, (_match, stop: string) => values.get(stop) ?? '');
}

// A whole values file starts at the left margin: the line holds at most the word being typed.
const TYPED_AT_MARGIN = /^[\w.-]*$/;
const REST_OF_LINE_BLANK = /^\s*$/;

/**
 * The values snippets for a completion at `position`, when the line holds nothing but the word
 * typed at the left margin: a whole values file fits nowhere else. Clients without snippet
 * support get the text with every default accepted.
 */
export function valuesSnippetItems(document: TextDocument, position: Position, locale: Locale, snippetSupport: boolean): CompletionItem[] {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const typed = line.slice(0, position.character);
  if (!TYPED_AT_MARGIN.test(typed) || !REST_OF_LINE_BLANK.test(line.slice(position.character))) return [];
  const range = { start: { line: position.line, character: 0 }, end: position };
  return VALUES_SNIPPETS.map((snippet) => {
    const body = snippet.body.join('\n');
    const text = expandSnippet(body);
    return {
      label: snippet.prefix,
      kind: CompletionItemKind.Snippet,
      detail: snippet.description[locale === 'zh-cn' ? 1 : 0],
      documentation: { kind: MarkupKind.Markdown, value: `\`\`\`yaml\n${text}\n\`\`\`` },
      insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: snippetSupport ? body : text },
    };
  });
}

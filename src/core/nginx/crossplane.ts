/**
 * Our parse as nginxinc/crossplane's JSON payload (`crossplane parse` output), so existing
 * tooling built around crossplane can consume `fabedge-lint parse`. The tree and error texts
 * are ours (nginx's behaviour; docs/design/nginx-parsing.md, "Where other parsers differ").
 */
import type { Directive, ParseResult } from './ast';

export interface CrossplaneDirective {
  directive: string;
  /** Line of the directive name, 1-based (crossplane's convention, not nginx's error line). */
  line: number;
  args: string[];
  /** Indexes into `config` of the files an `include` pulled in. */
  includes?: number[];
  block?: CrossplaneDirective[];
}

export interface CrossplaneFileError {
  /** `<message> in <file>:<line>`, as crossplane formats it. */
  error: string;
  line: number | null;
}

export interface CrossplaneConfig {
  file: string;
  status: 'ok' | 'failed';
  errors: CrossplaneFileError[];
  parsed: CrossplaneDirective[];
}

export interface CrossplanePayloadError {
  file: string;
  line: number | null;
  error: string;
}

export interface CrossplanePayload {
  status: 'ok' | 'failed';
  errors: CrossplanePayloadError[];
  config: CrossplaneConfig[];
}

export interface CrossplaneInput {
  file: string;
  result: ParseResult;
  /** For `include` directives: the indexes (in the `files` array) of the files they include. */
  includes?: ReadonlyMap<Directive, readonly number[]>;
}

function convert(list: readonly Directive[], input: CrossplaneInput): CrossplaneDirective[] {
  // Iterative on purpose: deeply nested input must not overflow the stack.
  const out: CrossplaneDirective[] = [];
  const work: { src: readonly Directive[]; dst: CrossplaneDirective[] }[] = [{ src: list, dst: out }];
  while (work.length > 0) {
    const { src, dst } = work.pop() as { src: readonly Directive[]; dst: CrossplaneDirective[] };
    for (const d of src) {
      const item: CrossplaneDirective = {
        directive: d.name,
        line: input.result.lineIndex.positionAt(d.nameToken.start).line + 1,
        args: d.args.map((a) => a.value),
      };
      const included = input.includes?.get(d);
      if (included) item.includes = [...included];
      if (d.blockKind === 'raw') {
        // crossplane's Lua extension: the Lua body becomes the single argument, no block.
        item.args = [d.rawBody ? d.rawBody.raw : ''];
      } else if (d.block) {
        item.block = [];
        work.push({ src: d.block, dst: item.block });
      }
      dst.push(item);
    }
  }
  return out;
}

export function toCrossplanePayload(files: readonly CrossplaneInput[]): CrossplanePayload {
  const payload: CrossplanePayload = { status: 'ok', errors: [], config: [] };
  for (const input of files) {
    const errors: CrossplaneFileError[] = input.result.errors.map((e) => ({ error: `${e.message} in ${input.file}:${e.line}`, line: e.line }));
    for (const e of errors) payload.errors.push({ file: input.file, line: e.line, error: e.error });
    if (errors.length > 0) payload.status = 'failed';
    payload.config.push({ file: input.file, status: errors.length > 0 ? 'failed' : 'ok', errors, parsed: convert(input.result.directives, input) });
  }
  return payload;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { toCrossplanePayload } from '../core/nginx/crossplane';
import { parseNginx } from '../core/nginx/parser';
import { UsageError } from './args';

/** `fabedge-lint parse FILE`: the parse as crossplane's JSON payload; exit 1 when nginx would reject the syntax. */
export function runParseCommand(file: string): number {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UsageError({ en: 'cannot read {file}: {detail}', 'zh-cn': '无法读取 {file}：{detail}' }, { file, detail: error instanceof Error ? error.message : String(error) });
  }
  const result = parseNginx(text);
  const payload = toCrossplanePayload([{ file: absolute, result }]);
  process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

/**
 * Benchmark: parse a generated ~50,000-line stream configuration with our parser and with
 * `nginx -t` (when Debian's nginx + stream module are installed and we run as root).
 *
 *   node --import tsx scripts/bench/nginx-parse.ts [runs]
 */
import { parseNginx } from '../../src/core/nginx/parser';
import { utf8ByteLength } from '../../src/core/nginx/lexer';
import { rng, validStreamConfig } from '../../test/unit/nginx-parser/generate';
import { findNginx, gluedPrefix, makeDir, removeDir, runNginxT } from '../../test/unit/nginx-parser/oracle';
import { median, reportFigure } from './support/figures';

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.argv[2] ?? 9));
  // 500 servers with 40 upstream servers each (~24,500 lines) plus 10 maps of 2,560 entries (~25,600 lines).
  const body = validStreamConfig(rng(42), { servers: 500, upstreamServers: 40, maps: 10, mapEntries: 2560, basePort: 15000 });
  const dir = makeDir();
  try {
    const text = gluedPrefix(dir) + body; // the very bytes nginx reads
    const lines = text.split('\n').length - 1;
    const bytes = utf8ByteLength(text);

    for (let k = 0; k < 2; k++) parseNginx(text); // warm-up (JIT)
    const ours: number[] = [];
    let statements = 0;
    let errors = 0;
    for (let k = 0; k < runs; k++) {
      const began = process.hrtime.bigint();
      const r = parseNginx(text);
      ours.push(Number(process.hrtime.bigint() - began) / 1e6);
      statements = r.tokens.filter((t) => t.kind === ';' || t.kind === '{').length;
      errors = r.errors.length;
    }
    const oursMs = median(ours);
    const mb = bytes / (1024 * 1024);
    console.log(`input: ${lines} lines, ${(bytes / 1024).toFixed(0)} KiB, ${statements} statements, ${errors} parse errors`);
    console.log(`ours:    median ${oursMs.toFixed(1)} ms over ${runs} runs (min ${Math.min(...ours).toFixed(1)}, max ${Math.max(...ours).toFixed(1)}), ${(mb / (oursMs / 1000)).toFixed(1)} MB/s`);

    const nginx = findNginx();
    if (!nginx) {
      console.log('nginx -t: skipped (nginx + libnginx-mod-stream not installed, or not root; see scripts/setup-nginx.sh)');
      return;
    }
    const theirs: number[] = [];
    let rc = 0;
    let message: string | undefined;
    for (let k = 0; k < Math.min(runs, 5); k++) {
      const v = await runNginxT(nginx, dir, text, 120_000);
      theirs.push(v.ms);
      rc = v.rc;
      message = v.message;
    }
    const nginxMs = median(theirs);
    console.log(`nginx -t: median ${nginxMs.toFixed(1)} ms over ${theirs.length} runs, exit ${rc}${message ? ` (${message})` : ''}, ${(mb / (nginxMs / 1000)).toFixed(1)} MB/s (whole process: start-up, modules, sockets)`);
    reportFigure({
      name: `nginx parse, ${lines.toLocaleString('en-US')}-line stream config`,
      value: oursMs,
      unit: 'ms',
      baseline: { name: 'nginx -t', value: nginxMs },
      goal: { maxRatio: 3 },
      note: `medians of ${runs} and ${theirs.length} runs`,
    });
  } finally {
    removeDir(dir);
  }
}

void main();

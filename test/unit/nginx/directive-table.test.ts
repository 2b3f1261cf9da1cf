/**
 * The directive table (src/core/nginx/directiveTable.ts, written by scripts/nginx-directives.mjs)
 * against Debian's `nginx -t` itself, on a fixed sample of its entries: where a directive may
 * stand, whether it opens a block, and how many arguments it takes there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIRECTIVE_TABLE } from '../../../src/core/nginx/directiveTable';
import { acceptsArgumentCount, directivePlacements, knownDirectiveName, placementIn, type DirectiveContext } from '../../../src/core/nginx/directives';
import { findNginx, makeDir, mapLimited, removeDir, runNginxT, STREAM_MODULE } from '../nginx-parser/oracle';
import { skipWhenMissing } from '../../support/environment';

test('the table knows the directives the checks lean on, where nginx allows them', () => {
  assert.ok(Object.keys(DIRECTIVE_TABLE).length > 500);
  for (const name of ['events', 'http', 'stream', 'server', 'upstream', 'location', 'listen', 'proxy_pass', 'root', 'user', 'types', 'map']) {
    assert.ok(knownDirectiveName(name), name);
  }
  assert.equal(placementIn('location', 'http-server')?.block, true);
  assert.equal(placementIn('proxy_timeout', 'stream-server')?.block, false);
  assert.equal(placementIn('proxy_timeout', 'http-location'), undefined);
  assert.equal(placementIn('server_name', 'stream-server'), undefined);
  const returnInStream = placementIn('return', 'stream-server');
  assert.ok(returnInStream && acceptsArgumentCount(returnInStream, 1) && !acceptsArgumentCount(returnInStream, 2));
  assert.ok(knownDirectiveName('content_by_lua_block') && knownDirectiveName('more_set_headers'));
  assert.equal(knownDirectiveName('ServerName'), false);
});

const nginx = findNginx();

/** Every 23rd directive of the table, in each context the table gives it, with its accepted and refused counts. */
function sample(): { name: string; context: DirectiveContext; block: boolean; args: number; accepted: boolean }[] {
  const names = Object.keys(DIRECTIVE_TABLE).sort().filter((_, i) => i % 23 === 0);
  return names.flatMap((name) =>
    directivePlacements(name).flatMap((placement) => {
      const context = [...placement.contexts][0];
      return [0, 1, 2, 3].map((args) => ({ name, context, block: placement.block, args, accepted: acceptsArgumentCount(placement, args) }));
    }),
  );
}

test('a sample of the table agrees with nginx -t', async (t) => {
  if (skipWhenMissing(t, nginx ? false : 'needs root and Debian nginx with libnginx-mod-stream (scripts/setup-nginx.sh)')) return;
  assert.ok(nginx, 'nginx -t is needed (scripts/setup-nginx.sh, as root)');
  const { CONTEXT_WRAPPERS, probeStatement } = await import('../../../scripts/nginx-directive-contexts.mjs');
  const cases = sample();
  assert.ok(cases.length > 60, `only ${cases.length} cases`);
  const wrong = await mapLimited(cases, 2, async (c) => {
    const dir = makeDir();
    try {
      const statement = probeStatement(c.name, c.args, c.block);
      const verdict = await runNginxT(nginx, dir, `load_module ${STREAM_MODULE}; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\n${CONTEXT_WRAPPERS[c.context](statement)}`);
      const said = verdict.message ?? '';
      if (said === `"${c.name}" directive is not allowed here`) return `${statement} in ${c.context}: not allowed here`;
      const refused = said === `invalid number of arguments in "${c.name}" directive`;
      return refused === c.accepted ? `${statement} in ${c.context}: ${said || 'accepted'}` : undefined;
    } finally {
      removeDir(dir);
    }
  });
  assert.deepEqual(wrong.filter(Boolean), []);
});

// @ts-check
/**
 * The blocks the directive table is probed in (scripts/nginx-directives.mjs) and checked in
 * (test/unit/nginx/directive-table.test.ts), by the code the table uses, and how to wrap one
 * statement so that it stands there in a configuration `nginx -t` reads.
 * @type {Record<import('../src/core/nginx/directives.ts').DirectiveContext, (statement: string) => string>}
 */
export const CONTEXT_WRAPPERS = {
  main: (s) => `${s}\nevents {}\n`,
  events: (s) => `events { ${s} }\n`,
  http: (s) => `events {}\nhttp { ${s} }\n`,
  'http-server': (s) => `events {}\nhttp { server { ${s} } }\n`,
  'http-location': (s) => `events {}\nhttp { server { location / { ${s} } } }\n`,
  'http-upstream': (s) => `events {}\nhttp { upstream u { server 127.0.0.1:1; ${s} } }\n`,
  stream: (s) => `events {}\nstream { ${s} }\n`,
  'stream-server': (s) => `events {}\nstream { server { ${s} } }\n`,
  'stream-upstream': (s) => `events {}\nstream { upstream u { server 127.0.0.1:1; ${s} } }\n`,
};

/**
 * `name a a;` or `name a a {}`: a statement with `args` placeholder arguments.
 * @param {string} name
 * @param {number} args
 * @param {boolean} block
 */
export function probeStatement(name, args, block) {
  return `${name}${' a'.repeat(args)}${block ? ' {}' : ';'}`;
}

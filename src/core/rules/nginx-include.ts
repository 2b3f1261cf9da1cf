import { defineRule, type RuleMessages } from './rule';
import type { IncludeProblemKind } from '../nginx/model';
import { argRange } from '../nginx/textEdits';

const MESSAGES = {
  missing: {
    en: 'open() "{target}" failed (2: No such file or directory): relative includes resolve against the conf prefix {prefix}, not the including file.',
    'zh-cn': 'open() "{target}" failed (2: No such file or directory)：相对路径的 include 以配置前缀 {prefix} 为基准，而不是以包含它的文件为基准。',
  },
  unreadable: {
    en: 'The included file "{target}" cannot be read: {detail}',
    'zh-cn': '无法读取被包含的文件 "{target}"：{detail}',
  },
  cycle: {
    en: 'Include cycle: {chain}. nginx 1.22 does not detect it and crashes (SIGSEGV).',
    'zh-cn': 'include 循环：{chain}。nginx 1.22 不会检测到它，而是直接崩溃（SIGSEGV）。',
  },
} satisfies RuleMessages;

/** The problems nginx has too; includes the analysis did not follow have no message here. */
const REPORTED: Partial<Record<IncludeProblemKind, keyof typeof MESSAGES>> = { missing: 'missing', unreadable: 'unreadable', cycle: 'cycle' };

/**
 * Include targets nginx cannot open and include cycles. Includes the analysis did not follow
 * (outside the workspace, templates, files that ship with nginx) are no finding: the server's
 * output channel and `fabedge-lint --verbose` tell about them (`notFollowedNotices` in ../nginx/notices).
 */
export const nginxInclude = defineRule({
  scope: 'nginx',
  meta: {
    id: 'nginx-include',
    defaultSeverity: 'warning',
    fixable: false,
    description: {
      en: 'An include points at a missing or unreadable file, or forms a cycle.',
      'zh-cn': 'include 指向不存在或无法读取的文件，或形成循环。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx) {
    for (const problem of tree.includeProblems) {
      const messageId = REPORTED[problem.kind];
      if (!messageId) continue;
      const { site } = problem;
      const arg = site.directive.args[0];
      ctx.report({
        file: site.file.path,
        range: arg ? argRange(site.file, arg) : site.file.rangeOf(site.directive.start, site.directive.end),
        messageId,
        args: {
          target: problem.target,
          prefix: tree.confPrefix,
          detail: problem.detail ?? '',
          chain: (problem.chain ?? []).map((p) => p.slice(p.lastIndexOf('/') + 1)).join(' → '),
        },
      });
    }
  },
});

import type { NginxRule } from './rule';
import type { IncludeProblem } from '../nginx/model';
import type { LocalizedText } from '../l10n';
import { argRange } from '../nginx/textEdits';

const MESSAGES: Record<IncludeProblem['kind'], LocalizedText> = {
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
  'outside-workspace': {
    en: 'Not followed: "{target}" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
    'zh-cn': '未跟随：“{target}”位于工作区之外（见设置 fabedge.followIncludesOutsideWorkspace）。',
  },
  templated: {
    en: 'Not analysed: "{target}" is a template (Helm or envsubst), not plain nginx.',
    'zh-cn': '未分析：“{target}”是模板（Helm 或 envsubst），不是普通的 nginx 配置。',
  },
};

/** Include targets nginx cannot open, include cycles, and includes the analysis did not follow. */
export const nginxInclude: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'nginx-include',
    defaultSeverity: 'warning',
    fixable: false,
    description: {
      en: 'An include points at a missing or unreadable file, forms a cycle, or was not followed.',
      'zh-cn': 'include 指向不存在或无法读取的文件、形成循环，或未被跟随。',
    },
  },
  check(tree, ctx) {
    for (const problem of tree.includeProblems) {
      const { site } = problem;
      const arg = site.directive.args[0];
      ctx.report({
        file: site.file.path,
        range: arg ? argRange(site.file, arg) : site.file.rangeOf(site.directive.start, site.directive.end),
        message: MESSAGES[problem.kind],
        args: {
          target: problem.target,
          prefix: tree.confPrefix,
          detail: problem.detail ?? '',
          chain: (problem.chain ?? []).map((p) => p.slice(p.lastIndexOf('/') + 1)).join(' → '),
        },
        ...(problem.kind === 'outside-workspace' || problem.kind === 'templated' ? { severity: 'info' as const } : {}),
      });
    }
  },
};

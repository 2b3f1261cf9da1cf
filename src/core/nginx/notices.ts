/**
 * What the analysis did not read, told where a person looks when they wonder (the server's output
 * channel, `fabedge-lint --verbose`), not in the findings: an include outside the workspace, of a
 * template, or of a file that ships with nginx says nothing wrong about the configuration.
 */
import { localize, type Locale, type LocalizedText } from '../l10n';
import type { IncludeProblemKind } from './model';
import type { NginxConfigTree } from './tree';

export interface Notice {
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}

const NOT_FOLLOWED: Partial<Record<IncludeProblemKind, LocalizedText>> = {
  'outside-workspace': {
    en: 'Not followed: "{target}" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
    'zh-cn': '未跟随：“{target}”位于工作区之外（见设置 fabedge.followIncludesOutsideWorkspace）。',
  },
  templated: {
    en: 'Not followed: "{target}" is a template; it is reported on its own.',
    'zh-cn': '未跟随：“{target}”是模板，单独报告。',
  },
  shipped: {
    en: 'Not followed: "{target}" ships with nginx and is not in the workspace.',
    'zh-cn': '未跟随：“{target}”随 nginx 一起安装，不在工作区中。',
  },
  unplaced: {
    en: 'Not followed: "{target}" is not in the workspace; no nginx.conf here includes this file, so where nginx looks for it is not known.',
    'zh-cn': '未跟随：“{target}”不在工作区中；此处没有 nginx.conf 包含该文件，因此无法确定 nginx 在何处查找它。',
  },
};

/** One notice per include the analysis left unread, by file and line, each told once. */
export function notFollowedNotices(trees: readonly NginxConfigTree[], locale: Locale): Notice[] {
  const notices = new Map<string, Notice>();
  for (const tree of trees) {
    for (const problem of tree.includeProblems) {
      const message = NOT_FOLLOWED[problem.kind];
      if (!message) continue;
      const { file, directive } = problem.site;
      const notice = { file: file.path, line: file.rangeOf(directive.start, directive.end).start.line + 1, message: localize(message, locale, { target: problem.target }) };
      notices.set(`${notice.file}\0${notice.line}\0${notice.message}`, notice);
    }
  }
  return [...notices.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

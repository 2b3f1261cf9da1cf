/**
 * How far reading and checking a workspace got, in words: the server's window progress and the
 * CLI's progress line say the same.
 */
import { localize, type Locale } from '../l10n';
import type { DiscoveryProgress } from './discovery';

/** Where indexing is: discovering the files, or checking those it kept. */
export type IndexingStage = DiscoveryProgress | { phase: 'checking'; total: number };

/** Who hears how far a run got, and how often: every `sliceMs` of reading. */
export interface IndexingReport {
  sliceMs: number;
  report(stage: IndexingStage): void;
}

/** How long indexing may take before its progress shows: a small workspace is done before anyone could read it. */
export const PROGRESS_DELAY_MS = 500;

/**
 * The pace the environment asks for: FABEDGE_INDEXING_SLICE_MS (how long to read between reports)
 * and FABEDGE_PROGRESS_DELAY_MS (how long before progress shows). Tests set both to 0, so that a
 * small workspace shows its progress whatever the machine's speed.
 */
export function paceFromEnvironment(env: Readonly<Record<string, string | undefined>>): { sliceMs?: number; progressDelayMs?: number } {
  const milliseconds = (name: string) => {
    const value = env[name] ? Number(env[name]) : Number.NaN;
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const sliceMs = milliseconds('FABEDGE_INDEXING_SLICE_MS');
  const progressDelayMs = milliseconds('FABEDGE_PROGRESS_DELAY_MS');
  return { ...(sliceMs !== undefined ? { sliceMs } : {}), ...(progressDelayMs !== undefined ? { progressDelayMs } : {}) };
}

export const INDEXING_TITLE = { en: 'FabEdge: reading the workspace', 'zh-cn': 'FabEdge：正在读取工作区' };

const LISTING = { en: 'listing folders, {found} files to read so far', 'zh-cn': '正在列出文件夹，已找到 {found} 个待读取的文件' };
const READING = { en: '{done} / {total} files read', 'zh-cn': '已读取 {done} / {total} 个文件' };
const CHECKING = { en: 'checking the FabEdge files: {total}', 'zh-cn': '正在检查 FabEdge 文件：{total} 个' };

/** The stage as a percentage (reading is the bulk of the work) and a message. */
export function describeIndexing(stage: IndexingStage, locale: Locale): { percentage: number; message: string } {
  const count = (n: number) => n.toLocaleString(locale === 'zh-cn' ? 'zh-CN' : 'en-US');
  switch (stage.phase) {
    case 'listing':
      return { percentage: 0, message: localize(LISTING, locale, { found: count(stage.total) }) };
    case 'reading':
      return {
        percentage: stage.total === 0 ? 90 : Math.floor((stage.done / stage.total) * 90),
        message: localize(READING, locale, { done: count(stage.done), total: count(stage.total) }),
      };
    case 'checking':
      return { percentage: 90, message: localize(CHECKING, locale, { total: count(stage.total) }) };
  }
}

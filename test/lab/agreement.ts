/**
 * What the linter says about a lab workspace, and its quick fixes applied to a copy. The claim the
 * lab checks: a workspace has an error from a rule that says the tunnel breaks if and only if the
 * tunnel does not come up.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { applyEdits, editsByFile } from '../../src/core/edits';
import { combineFixes } from '../../src/core/fixes';
import type { Finding, Fix } from '../../src/core/findings';
import { lintPaths } from '../../src/core/workspace/lintPaths';
import { NodeFileSystem } from '../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../src/core/io/settings';

/**
 * The rules whose error means that a tunnel does not come up: the proxy rules about what edges
 * send where and to which connector, the cross-file rules about the address and port they dial,
 * and nginx refusing its configuration (it then proxies nothing). proxy-timeout and proxy-session
 * are not here: their tunnels come up and break later (the slow-failure scenarios).
 */
export const TUNNEL_BREAKING_RULES: readonly string[] = [
  'proxy-udp',
  'proxy-nat-t-missing',
  'proxy-port-mapping',
  'proxy-context',
  'proxy-protocol',
  'proxy-affinity',
  'proxy-ha-vip',
  'proxy-upstream-not-connector',
  'public-address-not-proxied',
  'public-address-bypasses-proxy',
  'public-port-not-proxied',
  'nginx-syntax',
  'nginx-directive',
];

export interface FindingSummary {
  rule: string;
  severity: string;
  message: string;
  /** Workspace-relative file and 1-based line. */
  at: string;
  fixable: boolean;
}

export function lintWorkspace(root: string): Finding[] {
  return lintPaths(new NodeFileSystem(), [root], DEFAULT_SETTINGS, { locale: 'en' }).findings;
}

export function summarize(root: string, findings: readonly Finding[]): FindingSummary[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    at: `${f.file.startsWith(`${root}/`) ? f.file.slice(root.length + 1) : f.file}:${f.range.start.line + 1}`,
    fixable: f.fixes.length > 0,
  }));
}

export function breaksTunnel(finding: Pick<Finding, 'rule' | 'severity'>): boolean {
  return finding.severity === 'error' && TUNNEL_BREAKING_RULES.includes(finding.rule);
}

function chosenFix(fix: Fix, finding: Finding): boolean {
  const preferred = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
  return fix === preferred;
}

/**
 * Copies `from` to `to` and applies `rule`'s quick fixes there (its preferred fix of every finding,
 * round after round while the rule still reports a fixable finding). Returns the rounds applied.
 */
export function applyRuleFixes(from: string, to: string, rule: string): number {
  cpSync(from, to, { recursive: true });
  let rounds = 0;
  for (; rounds < 5; rounds++) {
    const findings = lintWorkspace(to).filter((f) => f.rule === rule && f.fixes.length > 0);
    if (findings.length === 0) break;
    const edits = combineFixes(findings, (fix) => findings.some((f) => f.fixes.includes(fix) && chosenFix(fix, f)));
    for (const [file, fileEdits] of editsByFile(edits)) writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), fileEdits).text);
  }
  return rounds;
}

import { defineRule, type FixInput, type RuleMessages } from './rule';
import { proxyIndex, type FabEdgeProxy, type ValuesPath } from '../cross/proxies';
import { dialRange, fileName, LISTEN_RELATED_MESSAGES, listenRelated } from './crossReport';
import { insertSiblingAfter, setInteger } from '../values/textEdits';
import { portIn, singlePort } from '../nginx/addresses';
import { IKE_PORT, NAT_T_PORT } from '../nginx/stream';
import { compareVersions } from '../values/layout';
import type { FileEdit } from '../findings';
import type { Range } from '../text';

/**
 * The port the values file could use instead: the proxy's one FabEdge port, or 500 for the
 * standard 500/4500 pair (edges float from 500 to 4500 on their own). Undefined when the
 * listens leave a choice, which is the user's to make.
 */
function candidatePort(proxies: readonly FabEdgeProxy[]): number | undefined {
  const ports = new Set<number>();
  for (const proxy of proxies) {
    for (const listen of proxy.listens) {
      const port = singlePort(listen.port);
      if (port !== undefined && listen.udp) ports.add(port);
    }
  }
  if (ports.has(IKE_PORT) && ports.has(NAT_T_PORT)) return ports.size === 2 ? IKE_PORT : undefined;
  return ports.size === 1 ? [...ports][0] : undefined;
}

/** Whether writing cluster.connectorPublicPort has an effect: L4 from chart 0.8.0 on (or no chart pinned). */
function canSetPort(path: ValuesPath): boolean {
  const { layout } = path.doc;
  if (layout.id !== 'L4') return false;
  return layout.chartVersion === undefined || compareVersions(layout.chartVersion, '0.8.0') >= 0;
}

function portFix(path: ValuesPath, port: number): FileEdit | undefined {
  const field = path.doc.values.publicPort;
  if (!field || !canSetPort(path)) return undefined;
  if (field.explicit) return setInteger(path.doc, field, port);
  return insertSiblingAfter(path.doc, path.doc.values.publicAddresses.path, 'connectorPublicPort', String(port));
}

const MESSAGES = {
  portIgnored: {
    en: 'The chart {chart} ignores connectorPublicPort, so the edges dial port {port}, but no FabEdge nginx proxy listens on UDP {port}. Proxy UDP 500 and 4500, or use chart 0.8.0 or later.',
    'zh-cn': 'chart {chart} 忽略 connectorPublicPort，边缘节点因此连接 {port} 端口，但没有 FabEdge nginx 代理监听 UDP {port}。请代理 UDP 500 和 4500，或使用 0.8.0 及以上的 chart。',
  },
  portNotProxied: {
    en: 'The edges dial port {port} (connectorPublicPort in {file}), but no FabEdge nginx proxy listens on UDP {port}: no tunnel comes up.',
    'zh-cn': '边缘节点连接 {port} 端口（{file} 中的 connectorPublicPort），但没有 FabEdge nginx 代理监听 UDP {port}：隧道无法建立。',
  },
  defaultPortNotProxied: {
    en: 'The edges of {file} dial port {port} (no connectorPublicPort is set), but no FabEdge nginx proxy listens on UDP {port}: no tunnel comes up.',
    'zh-cn': '{file} 的边缘节点连接 {port} 端口（未设置 connectorPublicPort），但没有 FabEdge nginx 代理监听 UDP {port}：隧道无法建立。',
  },
  fixedPortNotProxied: {
    en: 'The edges of {file} dial port {port} (charts before 0.8.0 have no connectorPublicPort), but no FabEdge nginx proxy listens on UDP {port}: no tunnel comes up. Proxy UDP 500 and 4500 to the connector.',
    'zh-cn': '{file} 的边缘节点连接 {port} 端口（0.8.0 之前的 chart 没有 connectorPublicPort），但没有 FabEdge nginx 代理监听 UDP {port}：隧道无法建立。请将 UDP 500 和 4500 代理到 connector。',
  },
  setPort: { en: 'Set connectorPublicPort to {port}', 'zh-cn': '将 connectorPublicPort 设为 {port}' },
  ...LISTEN_RELATED_MESSAGES,
} satisfies RuleMessages;

/**
 * Nothing in front of the connector listens on the port the edges dial
 * (cluster.connectorPublicPort, 500 when the chart does not read it), so no tunnel comes up.
 */
export const publicPortNotProxied = defineRule({
  scope: 'workspace',
  meta: {
    id: 'public-port-not-proxied',
    defaultSeverity: 'error',
    fixable: true,
    // With a proxy in the workspace, this finding tells what an ignored port means for it.
    supersedes: ['values-public-port'],
    description: {
      en: 'No FabEdge nginx proxy listens on the port the edges dial (cluster.connectorPublicPort, 500 when absent).',
      'zh-cn': '没有 FabEdge nginx 代理监听边缘节点连接的端口（cluster.connectorPublicPort，未设置时为 500）。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    if (index.proxies.length === 0) return;
    // Both read every proxy; most checks report nothing, so they wait for the first finding.
    let shared: { candidate: number | undefined; related: ReturnType<typeof listenRelated> } | undefined;
    const forFindings = () => (shared ??= { candidate: candidatePort(index.proxies), related: listenRelated(index.proxies.flatMap((p) => p.listens)) });
    // Values files mostly share a port or two: one scan of the listens per port, not per file.
    const heard = new Map<number, boolean>();
    const listened = (port: number): boolean => {
      let found = heard.get(port);
      if (found === undefined) {
        found = index.proxies.some((p) => p.listens.some((l) => portIn(l.port, port)));
        heard.set(port, found);
      }
      return found;
    };
    for (const path of index.paths) {
      const port = path.port.port;
      if (path.syntaxErrors || port === undefined) continue;
      if (listened(port)) continue;
      // Half of the 500/4500 pair: proxy-nat-t-missing reports the missing 500 on the nginx side, with a fix.
      if (port === IKE_PORT && listened(NAT_T_PORT)) continue;
      const { doc } = path;
      const written = doc.values.publicPort;
      // Written but ignored (a chart before 0.8.0): the finding belongs on the key the user believes in.
      const ignored = !path.port.explicit && written?.explicit === true;
      let range: Range;
      if (path.port.explicit && path.port.range) range = path.port.range;
      else if (ignored && written) range = written.valueRange ?? written.keyRange ?? dialRange(path);
      else range = dialRange(path);
      const { candidate, related } = forFindings();
      const fixes: FixInput<keyof typeof MESSAGES>[] = [];
      const edit = candidate !== undefined && candidate !== port ? portFix(path, candidate) : undefined;
      if (edit && candidate !== undefined) {
        fixes.push({
          messageId: 'setPort',
          args: { port: candidate },
          edits: [edit],
          // Every edge dials this port: a person confirms, even with one candidate.
          safe: false,
          preferred: true,
        });
      }
      const args = { port, file: fileName(doc), chart: doc.layout.chartVersion ?? doc.layout.effectiveChart };
      ctx.report({
        file: doc.file,
        range,
        messageId: ignored ? 'portIgnored' : path.port.explicit ? 'portNotProxied' : canSetPort(path) ? 'defaultPortNotProxied' : 'fixedPortNotProxied',
        args,
        related,
        fixes,
      });
    }
  },
});

import { defineRule, type RuleMessages } from './rule';
import { ikeRelays } from '../nginx/stream';
import { argRange, insertAt } from '../nginx/textEdits';

const MESSAGES = {
  noReuseportFabEdge: {
    en: '"listen {address} udp" without reuseport while worker_processes is {workers}: UDP sessions are per worker, so one edge\'s IKE and ESP datagrams can be split over workers and reach the connector from different source ports.',
    'zh-cn': 'worker_processes 为 {workers} 时，“listen {address} udp” 缺少 reuseport：UDP 会话属于单个 worker，同一边缘节点的 IKE 和 ESP 数据报可能分散到不同 worker，并以不同的源端口到达 connector。',
  },
  noReuseport: {
    en: '"listen {address} udp" without reuseport while worker_processes is {workers}: UDP sessions are per worker, so one IKE peer\'s datagrams can be split over workers and reach the backend from different source ports, which breaks its security associations.',
    'zh-cn': 'worker_processes 为 {workers} 时，“listen {address} udp” 缺少 reuseport：UDP 会话属于单个 worker，同一个 IKE 对端的数据报可能分散到不同 worker，并以不同的源端口到达后端，其安全关联因此失效。',
  },
  workerProcesses: { en: 'worker_processes', 'zh-cn': 'worker_processes' },
  addReuseport: { en: 'Add "reuseport" to this listen', 'zh-cn': '为此 listen 添加 “reuseport”' },
} satisfies RuleMessages;

/**
 * UDP sessions live in one worker. Without `reuseport` and with several workers, one peer's
 * datagrams can land in different workers, each opening its own upstream socket and port. True
 * of every IKE relay; on one nothing ties to FabEdge, its fix is left to a person.
 */
export const proxyReuseport = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-reuseport',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'A UDP listen of an IKE relay (the FabEdge proxy) lacks reuseport while nginx runs several workers.',
      'zh-cn': 'nginx 运行多个 worker 时，IKE 中继（FabEdge 代理）的 UDP listen 缺少 reuseport。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const workers = tree.stream.workerProcesses;
    if (!workers || workers.value === undefined || (workers.value !== 'auto' && workers.value <= 1)) return;
    for (const { server, fabedge } of ikeRelays(tree.stream, evidence)) {
      for (const listen of server.listens) {
        if (!listen.udp || listen.unix || listen.reuseport) continue;
        // An unterminated listen is nginx-syntax's finding; a parameter added to it would not end it.
        if (listen.node.directive.terminator !== ';') continue;
        const { file } = listen.node;
        const udp = listen.params.find((p) => p.value === 'udp') ?? listen.addressArg;
        ctx.report({
          file: file.path,
          range: argRange(file, listen.addressArg),
          messageId: fabedge ? 'noReuseportFabEdge' : 'noReuseport',
          args: { address: listen.addressArg.value, workers: String(workers.value) },
          related: [{ file: workers.node.file.path, range: workers.node.file.rangeOf(workers.node.directive.start, workers.node.directive.end), messageId: 'workerProcesses' }],
          fixes: [{ messageId: 'addReuseport', edits: [insertAt(file, udp.end, ' reuseport')], safe: fabedge, preferred: true }],
        });
      }
    }
  },
});

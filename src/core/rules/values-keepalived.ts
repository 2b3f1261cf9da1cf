import { defineRule } from './rule';
import { fieldRange, hasSyntaxErrors, keyRange, pathText } from '../values/textEdits';
import { chartAtLeast } from '../values/layout';
import { isTrue, toInt } from '../values/helm';
import { vipHead } from '../values/connector';
import { isIp, parseCidr } from '../values/net';

const PLACEHOLDER_VIP = '2.2.2.2/32';
const PLACEHOLDER_INTERFACE = 'ens3';

export const valuesKeepalived = defineRule({
  scope: 'values',
  meta: {
    id: 'values-keepalived',
    defaultSeverity: 'warning',
    fixable: false,
    description: {
      en: 'keepalived settings that the 1.0.0 chart would apply as they are: placeholders and malformed values.',
      'zh-cn': '1.0.0 chart 会原样应用的 keepalived 设置：占位符和格式错误的值。',
    },
    messages: {
      placeholder: {
        en: '{key} is still the chart\'s placeholder "{value}", and keepalived will apply it: set {what}.',
        'zh-cn': '{key} 仍是 chart 的占位符 "{value}"，keepalived 会直接应用它：请设置{what}。',
      },
      setVip: { en: 'an unused internal address of the connector nodes\' subnet, as IP/prefix', 'zh-cn': 'connector 节点子网中一个未使用的内部地址（IP/前缀 形式）' },
      setInterface: { en: 'the NIC that carries that subnet on every connector node', 'zh-cn': '每个 connector 节点上承载该子网的网卡' },
      vipNotIp: { en: '{key} "{value}" must be an IP address, optionally with a prefix length, like 10.40.10.180 or 10.40.10.180/24.', 'zh-cn': '{key} "{value}" 必须是 IP 地址（可带前缀长度），例如 10.40.10.180 或 10.40.10.180/24。' },
      routerId: { en: '{key} "{value}" must be a VRRP router id from 1 to 255.', 'zh-cn': '{key} "{value}" 必须是 1 到 255 之间的 VRRP 路由器 ID。' },
      replicasTurnOn: { en: 'connector.replicas > 1 turns keepalived on', 'zh-cn': 'connector.replicas > 1 会启用 keepalived' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const k = doc.values.keepalived;
    if (!k || !chartAtLeast(doc.layout, '1.0.0')) return;
    const replicasField = doc.values.connectorReplicas;
    const replicas = toInt(replicasField.value) ?? 1;
    // The chart renders keepalived only with create and more than one connector.
    if (!isTrue(k.create.value) || replicas <= 1) return;
    const replicasAt = keyRange(doc, replicasField);
    const related = [{
      file: doc.file,
      range: replicasAt,
      messageId: 'replicasTurnOn' as const,
    }];
    const placeholder = (field: typeof k.vip, value: string, what: 'setVip' | 'setInterface') => {
      if (field.text.trim() !== value) return;
      ctx.report({
        file: doc.file,
        range: field.explicit ? fieldRange(doc, field) : replicasAt,
        messageId: 'placeholder',
        args: { key: pathText(field.path), value, what: ctx.text(what) },
        related: field.explicit ? related : [],
      });
    };
    placeholder(k.vip, PLACEHOLDER_VIP, 'setVip');
    placeholder(k.interface, PLACEHOLDER_INTERFACE, 'setInterface');

    const vip = k.vip.text.trim();
    const head = vipHead(vip);
    if (vip !== '' && vip !== PLACEHOLDER_VIP && !(head !== undefined && (isIp(head) || parseCidr(head)))) {
      ctx.report({
        file: doc.file,
        range: fieldRange(doc, k.vip),
        severity: 'error',
        messageId: 'vipNotIp',
        args: { key: pathText(k.vip.path), value: vip },
      });
    }
    const routerId = toInt(k.routerID.value);
    if (k.routerID.explicit && (routerId === undefined || routerId < 1 || routerId > 255)) {
      ctx.report({
        file: doc.file,
        range: fieldRange(doc, k.routerID),
        severity: 'error',
        messageId: 'routerId',
        args: { key: pathText(k.routerID.path), value: k.routerID.text },
      });
    }
  },
});

import { defineRule } from './rule';
import { fieldRange, hasSyntaxErrors, pathText } from '../values/textEdits';
import { chartAtLeast } from '../values/layout';
import { toInt } from '../values/helm';

export const valuesPublicPort = defineRule({
  scope: 'values',
  meta: {
    id: 'values-public-port',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'cluster.connectorPublicPort must be an integer from 1 to 65535.',
      'zh-cn': 'cluster.connectorPublicPort 必须是 1 到 65535 之间的整数。',
    },
    messages: {
      notPort: {
        en: '{key} "{value}" is not a port: write an integer from 1 to 65535 (500 unless a proxy or NAT listens elsewhere).',
        'zh-cn': '{key} "{value}" 不是端口：请写 1 到 65535 之间的整数（除非代理或 NAT 在其他端口监听，否则为 500）。',
      },
      ignoredByChart: {
        en: 'The chart {chart} has no {key}: it is ignored and the edges keep dialling port 500. Upgrade to chart 0.8.0 or later.',
        'zh-cn': 'chart {chart} 没有 {key}：该值被忽略，边缘节点仍连接 500 端口。请升级到 chart 0.8.0 或更高版本。',
      },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const field = doc.values.publicPort;
    if (!field?.explicit) return;
    const key = pathText(field.path);
    const range = fieldRange(doc, field);
    // The template applies `int`, so "45000" works; anything else renders 0 or fails the operator.
    const port = typeof field.value === 'boolean' ? undefined : toInt(field.value);
    if (port === undefined || port < 1 || port > 65535) {
      ctx.report({
        file: doc.file,
        range,
        messageId: 'notPort',
        args: { key, value: field.text },
      });
      return;
    }
    if (doc.layout.chartVersion && !chartAtLeast(doc.layout, '0.8.0')) {
      ctx.report({
        file: doc.file,
        range,
        severity: 'warning',
        messageId: 'ignoredByChart',
        args: { key, chart: doc.layout.chartVersion },
      });
    }
  },
});

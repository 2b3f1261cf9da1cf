import { defineRule } from './rule';
import { REMOVE_BLANKS_MESSAGES } from './valuesReport';
import type { Severity } from '../findings';
import { cniOf, entryRange, fieldRange, hasSyntaxErrors, pathText, replaceEntry } from '../values/textEdits';
import { toInt } from '../values/helm';
import type { ListField, ScalarField, ValueEntry } from '../values/model';
import { parseCidr, type IpFamily } from '../values/net';

function placeholderQuestion(text: string): string {
  return text.trim().replace(/^<ASK:?\s*/, '').replace(/>$/, '');
}

export const valuesCidr = defineRule({
  scope: 'values',
  meta: {
    id: 'values-cidr',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'Subnets that are no CIDR, of the wrong address family, or with an unusable edge mask size.',
      'zh-cn': '不是 CIDR、地址族错误或边缘掩码长度不可用的子网。',
    },
    messages: {
      blanks: { en: '{key} entry "{value}" has blanks around it, and the operator fails to parse it as a CIDR.', 'zh-cn': '{key} 的条目“{value}”两侧有空格，operator 无法将其解析为 CIDR。' },
      mustBeIpv4: { en: '{key} must be an IPv4 CIDR; put IPv6 edge pod ranges in cluster.edgePodCIDR6.', 'zh-cn': '{key} 必须是 IPv4 CIDR；IPv6 的边缘 Pod 网段请写在 cluster.edgePodCIDR6 中。' },
      mustBeIpv6: { en: '{key} must be an IPv6 CIDR; put IPv4 edge pod ranges in cluster.edgePodCIDR.', 'zh-cn': '{key} 必须是 IPv6 CIDR；IPv4 的边缘 Pod 网段请写在 cluster.edgePodCIDR 中。' },
      maskSize: {
        en: '{mask} {size} must be larger than the prefix of {cidrKey} (/{prefix}) and at most {max}: each edge node gets a /{size} out of it.',
        'zh-cn': '{mask} {size} 必须大于 {cidrKey} 的前缀长度（/{prefix}）且不超过 {max}：每个边缘节点从中分得一个 /{size}。',
      },
      placeholder: {
        en: 'Placeholder left by the layout migration in {key}: {question}. Replace it with the CIDR itself.',
        'zh-cn': '布局迁移在 {key} 中留下的占位符：{question}。请替换为实际的 CIDR。',
      },
      notCidr: {
        en: '{key} "{value}" is not a CIDR (address/prefix, like 10.233.0.0/18); the operator rejects it.',
        'zh-cn': '{key} "{value}" 不是 CIDR（地址/前缀长度，例如 10.233.0.0/18）；operator 会拒绝它。',
      },
      ...REMOVE_BLANKS_MESSAGES,
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const v = doc.values;
    const id = doc.layout.id;
    const cni = cniOf(doc);
    for (const field of [v.serviceCIDRs, v.clusterCIDRs]) if (field?.explicit) checkList(field);

    // L1/L1b operators validate the edge pod CIDR whatever the CNI; later ones only with calico.
    const edgeUsed = id === 'L1' || id === 'L1b' || cni === 'calico';
    const edgeSeverity: Severity = edgeUsed ? 'error' : 'warning';
    const edge4 = checkScalar(v.edgePodCIDR, id === 'L4' ? 4 : undefined, edgeSeverity);
    const edge6 = v.edgePodCIDR6 ? checkScalar(v.edgePodCIDR6, 6, edgeSeverity) : undefined;
    if (id === 'L4' && cni === 'calico') {
      if (edge4 && v.edgeCIDRMaskSize) checkMask(v.edgeCIDRMaskSize, v.edgePodCIDR, edge4.prefix, 32);
      if (edge6 && v.edgeCIDRMaskSize6) checkMask(v.edgeCIDRMaskSize6, v.edgePodCIDR6 as ScalarField, edge6.prefix, 128);
    }

    function checkList(field: ListField): void {
      for (const entry of field.entries) checkEntry(field, entry);
    }

    function checkEntry(field: ListField, entry: ValueEntry): void {
      const key = pathText(field.path);
      const range = entryRange(doc, entry, field);
      if (entry.placeholder) {
        reportPlaceholder(range, key, entry.text);
        return;
      }
      const trimmed = entry.text.trim();
      if (trimmed !== entry.text && parseCidr(trimmed)) {
        // values-list-shape owns blanks in L1/L1b strings.
        if (entry.fromString && (id === 'L1' || id === 'L1b')) return;
        const fix = replaceEntry(doc, entry, trimmed);
        ctx.report({
          file: doc.file,
          range,
          messageId: 'blanks',
          args: { key, value: entry.text },
          fixes: fix ? [{ messageId: 'removeBlanks' as const, edits: [fix], safe: true, preferred: true }] : [],
        });
        return;
      }
      if (!parseCidr(trimmed)) reportInvalid(range, key, entry.text, 'error');
    }

    function checkScalar(field: ScalarField, family: IpFamily | undefined, severity: Severity) {
      const text = field.text.trim();
      if (text === '') return undefined;
      const key = pathText(field.path);
      const range = fieldRange(doc, field);
      if (field.placeholder) {
        if (field.explicit) reportPlaceholder(range, key, field.text);
        return undefined;
      }
      const cidr = parseCidr(text);
      if (!cidr) {
        if (field.explicit) reportInvalid(range, key, field.text, severity);
        return undefined;
      }
      if (family && cidr.family !== family && field.explicit) {
        ctx.report({
          file: doc.file,
          range,
          severity,
          messageId: family === 4 ? 'mustBeIpv4' : 'mustBeIpv6',
          args: { key },
        });
        return undefined;
      }
      return cidr;
    }

    function checkMask(mask: ScalarField, cidrField: ScalarField, prefix: number, max: number): void {
      if (!mask.explicit && !cidrField.explicit) return;
      const size = toInt(mask.value);
      if (size !== undefined && size > prefix && size <= max) return;
      const target = mask.explicit ? mask : cidrField;
      ctx.report({
        file: doc.file,
        range: fieldRange(doc, target),
        messageId: 'maskSize',
        args: { mask: pathText(mask.path), size: mask.text, cidrKey: pathText(cidrField.path), prefix, max },
      });
    }

    function reportPlaceholder(range: ReturnType<typeof fieldRange>, key: string, text: string): void {
      ctx.report({
        file: doc.file,
        range,
        messageId: 'placeholder',
        args: { key, question: placeholderQuestion(text) },
      });
    }

    function reportInvalid(range: ReturnType<typeof fieldRange>, key: string, value: string, severity: Severity): void {
      ctx.report({
        file: doc.file,
        range,
        severity,
        messageId: 'notCidr',
        args: { key, value },
      });
    }
  },
});

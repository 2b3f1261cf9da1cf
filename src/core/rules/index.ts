import type { Rule } from './rule';
import { valuesLegacyLayout } from './values-legacy-layout';
import { valuesSyntax } from './values-syntax';
import { valuesListShape } from './values-list-shape';
import { valuesLabelFormat } from './values-label-format';
import { valuesCidr } from './values-cidr';
import { valuesCidrOverlap } from './values-cidr-overlap';
import { valuesRequired } from './values-required';
import { valuesCniType } from './values-cni-type';
import { valuesClusterName } from './values-cluster-name';
import { valuesPublicAddress } from './values-public-address';
import { valuesPublicPort } from './values-public-port';
import { valuesAgentArgs } from './values-agent-args';
import { valuesYaml11 } from './values-yaml11';
import { valuesKeepalived } from './values-keepalived';
import { nginxSyntax } from './nginx-syntax';
import { nginxDirective } from './nginx-directive';
import { nginxInclude } from './nginx-include';
import { proxyUdp } from './proxy-udp';
import { proxyContext } from './proxy-context';
import { proxyNatTMissing } from './proxy-nat-t-missing';
import { proxyPortMapping } from './proxy-port-mapping';
import { proxyAffinity } from './proxy-affinity';
import { proxySession } from './proxy-session';
import { proxyTimeout } from './proxy-timeout';
import { proxyReuseport } from './proxy-reuseport';
import { proxyProtocol } from './proxy-protocol';
import { valuesSchemaRule } from './values-schema';
import { publicAddressNotProxied } from './public-address-not-proxied';
import { publicAddressBypassesProxy } from './public-address-bypasses-proxy';
import { publicPortNotProxied } from './public-port-not-proxied';
import { proxyNotReferenced } from './proxy-not-referenced';
import { proxyUpstreamNotConnector } from './proxy-upstream-not-connector';
import { proxyHaVip } from './proxy-ha-vip';

/** Every rule, in the order findings are reported. Add a rule by importing it here. */
export const RULES: readonly Rule[] = [
  valuesLegacyLayout,
  valuesSyntax,
  valuesListShape,
  valuesLabelFormat,
  valuesCidr,
  valuesCidrOverlap,
  valuesRequired,
  valuesCniType,
  valuesClusterName,
  valuesPublicAddress,
  valuesPublicPort,
  valuesAgentArgs,
  valuesYaml11,
  valuesKeepalived,
  nginxSyntax,
  nginxDirective,
  nginxInclude,
  proxyUdp,
  proxyContext,
  proxyNatTMissing,
  proxyPortMapping,
  proxyAffinity,
  proxySession,
  proxyTimeout,
  proxyReuseport,
  proxyProtocol,
  valuesSchemaRule,
  publicAddressNotProxied,
  publicAddressBypassesProxy,
  publicPortNotProxied,
  proxyNotReferenced,
  proxyUpstreamNotConnector,
  proxyHaVip,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

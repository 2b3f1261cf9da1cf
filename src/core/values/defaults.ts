import { compareVersions, type LayoutId } from './layout';

/**
 * The chart defaults that matter to the checks, per layout (the released values files; see
 * docs/design/values-layouts.md, "Defaults"). Helm merges a user's file over these, so an absent key means this value.
 */
const EDGE = 'node-role.kubernetes.io/edge';
const CONNECTOR = 'node-role.kubernetes.io/connector';

type Defaults = Readonly<Record<string, unknown>>;

const L1: Defaults = {
  'operator.connectorPublicAddresses': '10.22.46.48',
  'operator.connectorSubnets': '10.233.64.0/18,10.233.0.0/18',
  'operator.edgePodCIDR': '10.10.0.0/16',
  'operator.masqOutgoing': false,
  'operator.enableProxy': true,
  cniType: 'calico',
  'connector.replicaCount': 1,
};

const L1B: Defaults = { ...L1, 'operator.edgeLabels': EDGE, 'operator.masqOutgoing': true };

const L2: Defaults = {
  'operator.connectorPublicAddresses': ['10.22.46.48'],
  'operator.serviceClusterIPRanges': ['10.233.0.0/18'],
  'operator.edgePodCIDR': '10.10.0.0/16',
  'operator.edgeLabels': [EDGE],
  'operator.cluster.name': 'beijing',
  'operator.cluster.role': 'member',
  'operator.initToken': 123456,
  'operator.hostOperatorAPIServer': 'https://1.1.1.1:30303',
  'operator.masqOutgoing': true,
  'connector.replicas': 1,
};

const L3: Defaults = {
  'cluster.name': 'beijing',
  'cluster.role': 'member',
  'cluster.region': 'beijing',
  'cluster.zone': 'haidian',
  'cluster.cidr': '10.10.0.0/16',
  'cluster.serviceClusterIPRange': '10.233.0.0/18',
  'cluster.connectorPublicAddresses': ['10.22.46.48'],
  'cluster.hostOperatorAPIServer': 'https://1.1.1.1:30303',
  'cluster.serverServiceHubAPIServer': 'https://1.1.1.1:30000',
  'cluster.initToken': 123456,
  'cluster.edgeLabels': [EDGE],
  'cluster.connectorLabels': [CONNECTOR],
  'operator.masqOutgoing': true,
  'connector.replicas': 1,
};

function l4(chart: string): Defaults {
  const atLeast = (v: string) => compareVersions(chart, v) >= 0;
  return {
    'cluster.name': '',
    'cluster.role': 'host',
    'cluster.region': '',
    'cluster.zone': '',
    'cluster.edgePodCIDR': '',
    'cluster.edgeCIDRMaskSize': 24,
    'cluster.edgePodCIDR6': '',
    'cluster.edgeCIDRMaskSize6': atLeast('1.0.0') ? 120 : 64,
    ...(atLeast('0.7.0') ? { 'cluster.clusterCIDR': [] } : {}),
    'cluster.serviceClusterIPRange': [],
    'cluster.connectorPublicAddresses': [],
    'cluster.connectorNodeAddresses': [],
    ...(atLeast('0.8.0') ? { 'cluster.connectorPublicPort': 500, 'cluster.connectorAsMediator': false } : {}),
    'cluster.publicAddresses': [],
    'cluster.operatorAPIServer': 'https://1.1.1.1:30303',
    'cluster.serviceHubAPIServer': 'https://1.1.1.1:30000',
    'cluster.initToken': '',
    'cluster.edgeLabels': [`${EDGE}=`],
    'cluster.connectorLabels': [`${CONNECTOR}=`],
    'fabDNS.create': false,
    // Charts before 1.0.0 hard-code one connector and have no keepalived.
    'connector.replicas': 1,
    ...(atLeast('1.0.0')
      ? { 'keepalived.create': true, 'keepalived.vip': '2.2.2.2/32', 'keepalived.interface': 'ens3', 'keepalived.routerID': 51 }
      : {}),
  };
}

/** The chart default of a key (dotted path), or undefined when the chart has none. */
const l4Cache = new Map<string, Defaults>();

/** The model asks for a default per absent key of every parse; the versions seen are few (cleared past a handful). */
function l4Cached(chart: string): Defaults {
  let defaults = l4Cache.get(chart);
  if (!defaults) {
    if (l4Cache.size >= 16) l4Cache.clear();
    defaults = l4(chart);
    l4Cache.set(chart, defaults);
  }
  return defaults;
}

export function chartDefault(layout: LayoutId, chart: string, path: readonly string[]): unknown {
  const key = path.join('.');
  switch (layout) {
    case 'L1':
      return L1[key];
    case 'L1b':
      return L1B[key];
    case 'L2':
      return L2[key];
    case 'L3':
      return L3[key];
    case 'L4':
      return l4Cached(chart)[key];
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { isValuesFile } from '../../../src/core/values/detect';
import { chartValues, chartYaml, sharedMissing } from './shared';
import { skipWhenMissing } from '../../support/environment';

/** Values files of other charts, shaped like the real ones (trimmed), some with `cluster:` and `operator:` keys. */
const OTHER_CHARTS: Record<string, string> = {
  'ingress-nginx/Chart.yaml': 'apiVersion: v2\nname: ingress-nginx\nversion: 4.10.0\n',
  'ingress-nginx/values.yaml': [
    'controller:',
    '  name: controller',
    '  image:',
    '    registry: registry.k8s.io',
    '    image: ingress-nginx/controller',
    '  config: {}',
    '  hostNetwork: false',
    '  service:',
    '    enabled: true',
    '    type: LoadBalancer',
    '    externalTrafficPolicy: ""',
    '  admissionWebhooks:',
    '    enabled: true',
    'tcp: {}',
    'udp:',
    '  "500": "kube-system/connector:500"',
    '',
  ].join('\n'),
  'cert-manager/values.yaml': [
    'global:',
    '  leaderElection:',
    '    namespace: kube-system',
    'installCRDs: false',
    'replicaCount: 1',
    'strategy: {}',
    'podDisruptionBudget:',
    '  enabled: false',
    'prometheus:',
    '  enabled: true',
    '  servicemonitor:',
    '    enabled: false',
    'webhook:',
    '  timeoutSeconds: 10',
    '',
  ].join('\n'),
  'monitoring/values.yaml': [
    '# kube-prometheus-stack overrides',
    'prometheus:',
    '  prometheusSpec:',
    '    retention: 10d',
    '    externalLabels:',
    '      cluster: beijing',
    'alertmanager:',
    '  enabled: no',
    'prometheusOperator:',
    '  admissionWebhooks:',
    '    patch:',
    '      enabled: true',
    '',
  ].join('\n'),
  'pg/Chart.yaml': 'apiVersion: v2\nname: postgres-operator\nversion: 1.10.1\n',
  'pg/values.yaml': [
    'operator:',
    '  image: registry.opensource.zalan.do/acid/postgres-operator',
    '  replicas: 1',
    '  connectorPublicAddresses: 10.0.0.1',
    'cluster:',
    '  name: acid-minimal',
    '  role: master',
    '  cidr: 10.0.0.0/8',
    '  edgePodCIDR: 10.10.0.0/16',
    '',
  ].join('\n'),
  'cilium/values.yaml': [
    'cluster:',
    '  name: default',
    '  id: 0',
    'operator:',
    '  enabled: true',
    '  replicas: 2',
    'ipam:',
    '  mode: cluster-pool',
    '  operator:',
    '    clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"]',
    'kubeProxyReplacement: "false"',
    '',
  ].join('\n'),
  'redis/values-prod.yaml': [
    'architecture: replication',
    'cluster:',
    '  enabled: true',
    '  slaveCount: 3',
    'operator:',
    '  cniType: calico',
    'auth:',
    '  password: "0123"',
    '',
  ].join('\n'),
};

test('values files of other charts give no finding at all, even with cluster: and operator: keys', () => {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries(OTHER_CHARTS)) fs.set(`/ws/${rel}`, text);
  const result = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  assert.deepEqual(result.files.filter((f) => f.kind === 'values').map((f) => f.path), []);
  assert.deepEqual(result.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}`), []);
});

test('a values file beside a Chart.yaml named fabedge is found; templates never are; globs force a file in', () => {
  const fs = new MemoryFileSystem();
  fs.set('/c/Chart.yaml', 'name: fabedge\nversion: 1.0.0\n');
  fs.set('/c/values.yaml', 'operator:\n  name: fabedge-operator\n');
  fs.set('/c/templates/x.yaml', 'cluster:\n  connectorPublicAddresses: []\n');
  assert.equal(isValuesFile(fs, '/c/values.yaml', fs.readFile('/c/values.yaml'), []), true);
  assert.equal(isValuesFile(fs, '/c/templates/x.yaml', fs.readFile('/c/templates/x.yaml'), []), false);
  assert.equal(isValuesFile(fs, '/d/site.yaml', 'cluster:\n  name: a\n', []), false);
  assert.equal(isValuesFile(fs, '/d/site.yaml', 'cluster:\n  name: a\n', ['**/site.yaml']), true);
  assert.equal(isValuesFile(fs, '/d/override.yaml', 'cluster:\n  connectorPublicPort: 45000\n', []), true);
});

test('the released charts: each values file beside its Chart.yaml takes the version from it', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  const fs = new MemoryFileSystem();
  for (const v of ['0.3.0', '0.5.0', '1.0.0']) {
    fs.set(`/charts/${v}/Chart.yaml`, chartYaml(v));
    fs.set(`/charts/${v}/values.yaml`, chartValues(v));
  }
  const result = lintPaths(fs, ['/charts'], DEFAULT_SETTINGS, { locale: 'en' });
  assert.deepEqual(result.files.map((f) => f.layout), ['L1b', 'L3', 'L4']);
  const syntax = result.findings.filter((f) => f.rule === 'values-syntax' || f.rule === 'values-schema');
  assert.deepEqual(syntax.map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), []);
  const labels = result.findings.filter((f) => f.rule === 'values-label-format' && f.file.includes('0.5.0') && f.severity === 'error');
  assert.equal(labels.length, 1, '0.5.0 default edgeLabels is reported');
});

const examples = resolve(__dirname, '../../../examples');

test('examples: nginx-proxy gets only values-legacy-layout, current-chart nothing (values rules)', () => {
  const proxy = lintPaths(new NodeFileSystem(), [`${examples}/nginx-proxy`], DEFAULT_SETTINGS, { locale: 'en' });
  assert.deepEqual(proxy.findings.filter((f) => f.rule.startsWith('values-')).map((f) => f.rule), ['values-legacy-layout']);
  const current = lintPaths(new NodeFileSystem(), [`${examples}/current-chart`], DEFAULT_SETTINGS, { locale: 'en' });
  assert.deepEqual(current.findings.filter((f) => f.rule.startsWith('values-')).map((f) => `${f.rule} ${f.message}`), []);
});

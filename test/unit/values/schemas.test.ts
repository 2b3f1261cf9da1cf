import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { lintValuesDocument } from '../../../src/core/engine';
import { layoutForChartVersion, type LayoutId } from '../../../src/core/values/layout';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { checkAgainstSchema, editDistance, formatPath, resolveRef, suggestKey } from '../../../src/core/values/schemaCheck';
import { listRenderings } from '../../../src/core/values/shapes';
import {
  helmValuesSchema,
  helmValuesSchemaText,
  parseSchemaUri,
  rawValuesSchema,
  SCHEMA_LAYOUTS,
  schemaUri,
  valuesSchema,
  type JsonSchema,
} from '../../../src/core/values/schemas';
import { valuesSchemaRule } from '../../../src/core/rules/values-schema';
import { CHARTS, chartValues, sharedMissing } from './shared';
import { parseDocument } from 'yaml';
import { skipWhenMissing } from '../../support/environment';

function layoutOf(version: string): LayoutId {
  const id = layoutForChartVersion(version);
  assert.ok(id, version);
  return id;
}

/** Helm reads values as YAML 1.1 through sigs.k8s.io/yaml, i.e. as JSON data. */
function defaults(version: string): unknown {
  return parse(chartValues(version), { version: '1.1' });
}

function* nodes(value: unknown, path = ''): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* nodes(item, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    yield [path, record];
    for (const [key, child] of Object.entries(record)) yield* nodes(child, `${path}/${key}`);
  }
}

test('every released default values file has no values-schema finding against its own layout', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  for (const version of CHARTS) {
    const doc = parseValuesDocument(`/charts/${version}/values.yaml`, chartValues(version), { chartVersion: version });
    assert.equal(doc.layout.id, layoutOf(version));
    const findings = lintValuesDocument(doc, { locale: 'en', rules: [valuesSchemaRule] });
    assert.deepEqual(findings.map((f) => `${version}:${f.range.start.line + 1} ${f.message}`), []);
  }
});

test('ajv accepts every released default with the raw schema and with the exported Helm schema', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  for (const version of CHARTS) {
    const layout = layoutOf(version);
    // Our x- keywords are annotations; strict mode would reject them as unknown keywords.
    const lenient = new Ajv({ strict: false, allErrors: true });
    assert.ok(lenient.validate(rawValuesSchema(layout), defaults(version)), `${version} raw: ${lenient.errorsText()}`);
    // The Helm export carries no custom keywords, so it must compile in strict mode.
    const strict = new Ajv({ strict: true, strictTypes: false, allErrors: true });
    assert.ok(strict.validate(helmValuesSchema(layout), defaults(version)), `${version} helm: ${strict.errorsText()}`);
  }
});

test('the Helm schema still rejects what Helm should reject, and keeps what the chart accepts', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const l4 = ajv.compile(helmValuesSchema('L4'));
  assert.ok(l4({ cluster: { cniType: 'Calico', name: 'beijing' }, global: { foo: 1 } }), ajv.errorsText(l4.errors));
  assert.ok(l4({ cluster: { connectorPublicPort: '45000' } }));
  assert.equal(l4({ cluster: { cniType: 'weave' } }), false);
  assert.equal(l4({ clustr: {} }), false);
  assert.equal(l4({ cluster: { edgeLabels: ['node-role.kubernetes.io/edge'] } }), false, 'L4 edge labels need key=value');
  assert.equal(l4({ agent: { args: { ENABLE_PROXI: 'true' } } }), false);
  const l1 = ajv.compile(helmValuesSchema('L1'));
  assert.equal(l1({ operator: { connectorPublicAddresses: ['10.0.0.1'] } }), false, 'L1 needs a string, not a list');
  assert.equal(l1({ operator: { connectorSubnets: '10.0.0.0/8, 10.1.0.0/16' } }), false, 'no blanks in a pflag StringSlice');
  for (const layout of SCHEMA_LAYOUTS) {
    const text = helmValuesSchemaText(layout);
    assert.ok(!/"x-|"\$id"|enumDescriptions|markdownDescription/.test(text), `${layout}: editor-only keywords left`);
    assert.equal((JSON.parse(text) as { $schema: string }).$schema, 'http://json-schema.org/draft-07/schema#');
  }
});

test('where the chart joins a list, the Helm schema takes one comma-separated string too, without blanks', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const l4 = ajv.compile(helmValuesSchema('L4'));
  assert.ok(l4({ cluster: { clusterCIDR: '10.233.64.0/18', serviceClusterIPRange: '10.233.0.0/18,fd00::/108', connectorPublicAddresses: 'vpn.edge.internal', connectorNodeAddresses: '10.0.0.1,10.0.0.2', publicAddresses: '' } }), ajv.errorsText(l4.errors));
  assert.equal(l4({ cluster: { clusterCIDR: '10.233.64.0/18, 10.244.0.0/16' } }), false, 'pflag keeps the blank');
  assert.equal(l4({ cluster: { connectorNodeAddresses: 'node-1' } }), false, 'node addresses are IPs');
  assert.equal(l4({ cluster: { edgeLabels: 'node-role.kubernetes.io/edge=' } }), false, 'the chart ranges over the labels');
  const l2 = ajv.compile(helmValuesSchema('L2'));
  assert.ok(l2({ operator: { connectorPublicAddresses: '10.22.46.48', serviceClusterIPRanges: '10.233.0.0/18', edgeLabels: 'node-role.kubernetes.io/edge' } }), ajv.errorsText(l2.errors));
  const l3 = ajv.compile(helmValuesSchema('L3'));
  assert.ok(l3({ cluster: { connectorPublicAddresses: '10.22.46.48' } }), ajv.errorsText(l3.errors));
  assert.equal(l3({ cluster: { serviceClusterIPRange: ['10.233.0.0/18'] } }), false, 'chart 0.5.0 pastes the service range');
});

test('the schema types of list keys agree with how the templates read them (values-list-shape\'s table)', () => {
  const expected = { join: ['array', 'string'], plain: ['string'], range: ['array'] };
  for (const layout of SCHEMA_LAYOUTS) {
    const root = rawValuesSchema(layout);
    for (const [path, rendering] of listRenderings(layout)) {
      const [parent, key] = path.split('.');
      const properties = (root.properties as Record<string, { properties: Record<string, JsonSchema> }>)[parent].properties;
      // Charts 0.0.1 and 0.2.0 have no edge labels; an L1 file that sets them anyway is one for 0.3.0.
      if (layout === 'L1' && key === 'edgeLabels') continue;
      const type = resolveRef(properties[key], root).type;
      assert.deepEqual(Array.isArray(type) ? type : [type], expected[rendering], `${layout} ${path}`);
    }
  }
});

const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'type', 'properties', 'patternProperties', 'additionalProperties',
  'items', 'enum', 'default', 'pattern', 'minimum', 'maximum', 'definitions', 'enumDescriptions',
  'x-title-zh-cn', 'x-description-zh-cn', 'x-enumDescriptions-zh-cn', 'x-enum-ignore-case', 'x-passthrough',
]);
/** Objects whose keys are names (of properties or definitions), not keywords. */
const NAME_MAPS = /\/(properties|patternProperties|definitions)$/;

test('schemas use only the keywords the checker and the editor understand, and every $ref resolves', () => {
  for (const layout of SCHEMA_LAYOUTS) {
    const root = rawValuesSchema(layout);
    for (const [path, node] of nodes(root)) {
      if (NAME_MAPS.test(path) || /\/default$/.test(path)) continue;
      for (const key of Object.keys(node)) assert.ok(KNOWN_KEYWORDS.has(key), `${layout} ${path}: unexpected keyword ${key}`);
      if (typeof node.$ref === 'string') {
        const target = node.$ref.replace('#/definitions/', '');
        assert.ok((root.definitions as Record<string, unknown>)[target], `${layout} ${path}: dangling ${node.$ref}`);
      }
      if (typeof node.pattern === 'string') assert.doesNotThrow(() => new RegExp(node.pattern as string, 'u'), `${layout} ${path}`);
    }
  }
});

test('every key has an English and a Chinese description (its own or its definition\'s)', () => {
  for (const layout of SCHEMA_LAYOUTS) {
    const root = rawValuesSchema(layout);
    const definitions = root.definitions as Record<string, JsonSchema>;
    for (const [path, node] of nodes(root)) {
      if (!/\/properties$|\/patternProperties$/.test(path)) continue;
      for (const [key, value] of Object.entries(node)) {
        const own = value as JsonSchema;
        const viaRef = typeof own.$ref === 'string' ? definitions[own.$ref.replace('#/definitions/', '')] : undefined;
        const en = own.description ?? viaRef?.description;
        const zh = own['x-description-zh-cn'] ?? viaRef?.['x-description-zh-cn'];
        assert.ok(typeof en === 'string' && en.length > 0, `${layout} ${path}/${key}: no description`);
        assert.ok(typeof zh === 'string' && /[\u4e00-\u9fff]/.test(zh), `${layout} ${path}/${key}: no Chinese description`);
      }
    }
  }
});

test('valuesSchema swaps in the texts of the locale and drops the translation keywords', () => {
  const zh = valuesSchema('L4', 'zh-cn');
  const en = valuesSchema('L4', 'en');
  const role = (schema: JsonSchema) => ((schema.properties as Record<string, JsonSchema>).cluster.properties as Record<string, JsonSchema>).role;
  assert.match(String(role(zh).description), /集群角色/);
  assert.equal(role(zh).markdownDescription, role(zh).description);
  assert.match(String(role(en).description), /^Cluster role/);
  assert.match(String((role(zh).enumDescriptions as string[])[0]), /host 集群/);
  for (const schema of [zh, en]) {
    for (const [path, node] of nodes(schema)) assert.ok(!Object.keys(node).some((k) => k.endsWith('-zh-cn')), path);
  }
  assert.equal(valuesSchema('L4', 'zh-cn'), zh, 'cached');
  assert.ok(Object.isFrozen(zh));
});

test('schema URIs round-trip and foreign URIs are refused', () => {
  for (const layout of SCHEMA_LAYOUTS) {
    for (const locale of ['en', 'zh-cn'] as const) assert.deepEqual(parseSchemaUri(schemaUri(layout, locale)), { layout, locale });
  }
  assert.equal(schemaUri('L4', 'zh-cn'), 'fabedge-schema://values/L4?locale=zh-cn');
  assert.equal(parseSchemaUri('https://json.schemastore.org/chart.json'), undefined);
  assert.equal(parseSchemaUri('fabedge-schema://values/L9?locale=en'), undefined);
  assert.equal(parseSchemaUri('fabedge-schema://values/L4?locale=fr'), undefined);
});

test('did you mean: edit distance, case, and keys already present', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(suggestKey('cnitype', ['name', 'cniType']), 'cniType');
  assert.equal(suggestKey('conectorPublicAddresses', ['connectorPublicAddresses', 'connectorPublicPort']), 'connectorPublicAddresses');
  assert.equal(suggestKey('foo', ['name', 'role']), undefined);
  assert.equal(suggestKey('repo', ['repository']), undefined);

  const doc = parseDocument('cluster:\n  role: host\n  rol: member\n', { version: '1.1' });
  const [issue] = checkAgainstSchema(doc, rawValuesSchema('L4'));
  assert.equal(issue.kind, 'unknown-key');
  assert.equal(issue.kind === 'unknown-key' ? issue.suggestion : 'x', undefined, 'never suggest a key the map already has');
});

test('checker details: aliases, nulls, YAML 1.1 booleans, paths', () => {
  const text = 'cluster:\n  connectorPublicAddresses: &a [1.2.3.4]\n  publicAddresses: *a\n  edgeLabels: ~\n  connectorAsMediator: yes\n  clusterCIDR: [10.0.0.0/8, 5]\n';
  const issues = checkAgainstSchema(parseDocument(text, { version: '1.1' }), rawValuesSchema('L4'));
  assert.deepEqual(issues.map((i) => [i.kind, formatPath(i.path)]), [['type', 'cluster.clusterCIDR[1]']]);
  const offset = text.indexOf('5]');
  assert.deepEqual([issues[0].start, issues[0].end], [offset, offset + 1]);
  const yaml12 = checkAgainstSchema(parseDocument('cluster:\n  connectorAsMediator: 3\n', { version: '1.1' }), rawValuesSchema('L4'));
  assert.equal(yaml12[0]?.kind, 'type');
});

test('messages are localized', () => {
  const doc = parseValuesDocument('/w/values.yaml', 'cluster:\n  cniType: weave\n  connectorPublicAddresses: [1.2.3.4]\n  nmae: x\n');
  const zh = lintValuesDocument(doc, { locale: 'zh-cn', rules: [valuesSchemaRule] });
  assert.deepEqual(zh.map((f) => f.message), [
    '"cluster.cniType" 的值 "weave" 不在允许的取值 "calico", "flannel" 之中。',
    `"cluster" 下的键 "nmae" 未知（chart ${doc.layout.charts} 布局 L4）；Helm 会静默忽略它。您是否想写 "name"？`,
  ]);
  assert.equal(zh[1].fixes[0].title, '将 "nmae" 替换为 "name"');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertFirstEntry, insertSiblingAfter, moveToFirst, removeEntry, replaceAddressEntry, setInteger } from '../../../src/core/values/textEdits';
import { applyEdits } from '../../../src/core/edits';
import type { FileEdit } from '../../../src/core/findings';
import { parseValuesDocument } from '../../../src/core/values/parse';
import type { ValuesDocument } from '../../../src/core/values/model';

const l4 = (addresses: string, tail = '') => `cluster:\n  name: a\n  connectorPublicAddresses:${addresses}\n${tail}`;
const doc = (text: string): ValuesDocument => parseValuesDocument('/ws/values.yaml', text);
const apply = (d: ValuesDocument, edits: (FileEdit | undefined)[]): string => {
  assert.ok(edits.every((e) => e !== undefined), 'edit offered');
  return applyEdits(d.text, edits as FileEdit[]).text;
};
const addresses = (d: ValuesDocument) => d.values.publicAddresses;

test('replace keeps quotes, blanks inside a string, and the comment', () => {
  const d = doc(l4(' ["1.1.1.1", \'2.2.2.2\']'));
  const [a, b] = addresses(d).entries;
  assert.equal(apply(d, [replaceAddressEntry(d, a, '9.9.9.9')]), l4(' ["9.9.9.9", \'2.2.2.2\']'));
  assert.equal(apply(d, [replaceAddressEntry(d, b, '2001:db8::1')]), l4(' ["1.1.1.1", \'2001:db8::1\']'));
  const s = doc('operator:\n  connectorPublicAddresses: "1.1.1.1, 2.2.2.2"  # two\n');
  assert.equal(apply(s, [replaceAddressEntry(s, addresses(s).entries[1], '9.9.9.9')]), 'operator:\n  connectorPublicAddresses: "1.1.1.1, 9.9.9.9"  # two\n');
});

test('IPv6 entries are quoted in a plain list (YAML 1.1 reads some colon forms as numbers)', () => {
  const d = doc(l4('\n    - 1.1.1.1'));
  assert.equal(apply(d, [insertFirstEntry(d, addresses(d), '2001:db8::1')]), l4('\n    - "2001:db8::1"\n    - 1.1.1.1'));
});

test('remove: first, middle and last entries of strings, flow and block lists', () => {
  const s = doc('operator:\n  connectorPublicAddresses: a,b,c\n');
  const [a, b, c] = addresses(s).entries;
  assert.equal(apply(s, [removeEntry(s, addresses(s), a)]), 'operator:\n  connectorPublicAddresses: b,c\n');
  assert.equal(apply(s, [removeEntry(s, addresses(s), b)]), 'operator:\n  connectorPublicAddresses: a,c\n');
  assert.equal(apply(s, [removeEntry(s, addresses(s), c)]), 'operator:\n  connectorPublicAddresses: a,b\n');
  const f = doc(l4(' [a, b, c]'));
  const fe = addresses(f).entries;
  assert.equal(apply(f, [removeEntry(f, addresses(f), fe[0])]), l4(' [b, c]'));
  assert.equal(apply(f, [removeEntry(f, addresses(f), fe[2])]), l4(' [a, b]'));
  const bl = doc(l4('\n    - a\n    - b  # bee\n'));
  assert.equal(apply(bl, [removeEntry(bl, addresses(bl), addresses(bl).entries[1])]), l4('\n    - a\n'));
  const one = doc(l4(' [a]'));
  assert.equal(removeEntry(one, addresses(one), addresses(one).entries[0]), undefined, 'never empties the list');
});

test('move to first carries a block item comment', () => {
  const d = doc(l4('\n    - a\n    - b  # nginx\n'));
  assert.equal(apply(d, moveToFirst(d, addresses(d), addresses(d).entries[1]) ?? [undefined]), l4('\n    - b  # nginx\n    - a\n'));
});

test('ports: set keeps quoting; insert goes after the sibling list, CRLF kept', () => {
  const d = doc(l4(' [a]', '  connectorPublicPort: "45000"\n'));
  const field = d.values.publicPort;
  assert.ok(field);
  assert.equal(apply(d, [setInteger(d, field, 500)]), l4(' [a]', '  connectorPublicPort: "500"\n'));
  const crlf = doc('cluster:\r\n  name: a\r\n  connectorPublicAddresses:\r\n    - a  # nginx\r\n  cniType: flannel\r\n');
  assert.equal(
    apply(crlf, [insertSiblingAfter(crlf, ['cluster', 'connectorPublicAddresses'], 'connectorPublicPort', '45000')]),
    'cluster:\r\n  name: a\r\n  connectorPublicAddresses:\r\n    - a  # nginx\r\n  connectorPublicPort: 45000\r\n  cniType: flannel\r\n',
  );
});

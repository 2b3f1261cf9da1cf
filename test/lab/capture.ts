/**
 * Captures what strongSwan really answers to the probe's IKE_SA_INIT (accepted, on 500 and
 * behind the non-ESP marker on 4500; INVALID_KE_PAYLOAD; NO_PROPOSAL_CHOSEN), for the unit tests
 * of the reply parser: `node --import tsx test/lab/capture.ts` as root. A connector and an edge
 * namespace, nothing else; prints one JSON line per exchange.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemons, Shell } from './exec';
import { namespacePrefix, Topology } from './netns';
import { CONNECTOR_CN, makePki } from './pki';
import { connectorSwanctlConf, startCharon, swanctl, waitForCharon } from './strongswan';

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fabedge-capture-'));
  const shell = new Shell();
  const daemons = new Daemons();
  const topology = new Topology(namespacePrefix(0), [
    { role: 'conn1', addresses: ['10.20.8.23'], subnet: { cidr: '10.96.0.0/12', address: '10.96.0.1' } },
    { role: 'edge1', addresses: ['198.51.100.10'] },
  ], shell);
  try {
    await makePki(join(work, 'pki'), 1);
    await topology.up();
    const node = startCharon(topology, daemons, {
      role: 'conn1',
      dir: join(work, 'conn1'),
      pki: join(work, 'pki'),
      cert: CONNECTOR_CN,
      swanctl: connectorSwanctlConf([{ name: 'edge1', ts: '192.168.2.0/24' }], '10.96.0.0/12'),
      timers: {},
    });
    if (!(await waitForCharon(node))) throw new Error('charon did not start');
    await swanctl(shell, node, ['--load-all', '--noprompt']);
    const [command, args] = topology.exec('edge1', process.execPath, ['--import', 'tsx', join(__dirname, 'capture-send.ts'), '10.20.8.23']);
    process.stdout.write((await shell.run(command, args, { timeoutMs: 60_000 })).stdout);
    process.stdout.write(`# ${(await shell.run('/usr/lib/ipsec/charon', ['--version'])).stdout}`);
  } finally {
    await daemons.stopAll();
    await topology.down();
    shell.close();
    rmSync(work, { recursive: true, force: true });
  }
}
void main();

/**
 * Certificates like FabEdge's: one CA, RSA 2048 keys, DNs `C=CN, O=fabedge.io, CN=…` and no
 * subject alternative names. RSA 2048 matters: the IKE_AUTH message then needs IKE fragmentation,
 * and both fragments must cross nginx in one session.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must, processRunner } from './exec';

export const CONNECTOR_CN = 'cloud-connector';

export function dn(cn: string): string {
  return `C=CN, O=fabedge.io, CN=${cn}`;
}

export function edgeName(index: number): string {
  return `edge${index}`;
}

/** Makes the CA, the connector's certificate and `edges` edge certificates in `dir`. */
export async function makePki(dir: string, edges: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'strongswan.conf');
  // pki's compiled-in plugin list names plugins Debian does not ship; name the ones it needs.
  writeFileSync(conf, 'pki {\n  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey gmp\n}\n');
  const env = { ...process.env, STRONGSWAN_CONF: conf };
  const names = [CONNECTOR_CN, ...Array.from({ length: edges }, (_, i) => edgeName(i + 1))];
  const keys = await Promise.all(['ca', ...names].map((name) => must(processRunner, 'pki', ['--gen', '--type', 'rsa', '--size', '2048', '--outform', 'pem'], { env }).then((pem) => [name, pem] as const)));
  for (const [name, pem] of keys) {
    writeFileSync(join(dir, `${name}.key`), pem);
    chmodSync(join(dir, `${name}.key`), 0o600);
  }
  writeFileSync(
    join(dir, 'ca.crt'),
    await must(processRunner, 'pki', ['--self', '--ca', '--lifetime', '3650', '--in', join(dir, 'ca.key'), '--type', 'rsa', '--dn', dn('fabedge-lab-ca'), '--outform', 'pem'], { env }),
  );
  for (const name of names) {
    const pub = join(dir, `${name}.pub`);
    writeFileSync(pub, await must(processRunner, 'pki', ['--pub', '--in', join(dir, `${name}.key`), '--type', 'rsa', '--outform', 'pem'], { env }));
    writeFileSync(
      join(dir, `${name}.crt`),
      await must(processRunner, 'pki', ['--issue', '--lifetime', '3650', '--cacert', join(dir, 'ca.crt'), '--cakey', join(dir, 'ca.key'), '--in', pub, '--type', 'pub', '--dn', dn(name), '--outform', 'pem'], { env }),
    );
  }
}

// Issue 13: the server serves HTTPS with the certificate and key it is given (a self-signed one made here
// with openssl), and a desk never sends its token to a plain-http server that is not on loopback.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import 'fake-indexeddb/auto';
import { healthResponseSchema } from '../../shared/sync/contract';
import { SERVER_URL_MESSAGES } from '../../shared/sync/serverUrl';
import { cleanup, makeDesk, startServer, tempDir, type ServerProcess } from './harness';

let dir: string;
let server: ServerProcess;
let cert: string;

beforeAll(async () => {
  dir = tempDir('tls-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  server = await startServer({ args: ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')] });
});
afterAll(async () => {
  await server.stop();
  await cleanup(server);
  await cleanup(dir);
});

describe('TLS (issue 13)', () => {
  it('serves the sync contract over HTTPS with the given certificate', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const trusting = new Agent({ connect: { ca: cert } });
    const res = await undiciFetch(`${server.url}/v1/health`, { dispatcher: trusting });
    expect(healthResponseSchema.parse(await res.json()).ok).toBe(true);
    await trusting.close();
    // Without the certificate trusted, the connection is refused (nothing falls back to plain HTTP).
    await expect(undiciFetch(`${server.url}/v1/health`)).rejects.toThrow();
    await expect(undiciFetch(server.url.replace('https:', 'http:') + '/v1/health')).rejects.toThrow();
  });

  it('the desk refuses a plain-http server off loopback before sending anything', async () => {
    const desk = await makeDesk(1, 3);
    try {
      await expect(desk.engine.enrol('http://motcua.hungyen.gov.vn:8787', 'ABCD-EFGH-JKLM')).rejects.toThrow(SERVER_URL_MESSAGES.plainHttp);
    } finally {
      await desk.close();
    }
  });
});

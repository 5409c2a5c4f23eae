import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostError } from '../shared/host/contract';
import type { Logger } from './log';
import { createSecretStore, SECRETS_FILE, type SafeStorageLike } from './secrets';

/** A reversible stand-in for the OS encryption (XOR + marker), so tests can see nothing is plaintext. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { broken: boolean } {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    broken: false,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(s: string) {
      return Buffer.concat([Buffer.from('ENC1'), xor(Buffer.from(s, 'utf8'))]);
    },
    decryptString(b: Buffer) {
      if (this.broken || b.subarray(0, 4).toString() !== 'ENC1') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(b.subarray(4)).toString('utf8');
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

let dir: string;
let file: string;
const lines: string[] = [];
const log: Logger = { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'desk-secrets-test-'));
  file = path.join(dir, SECRETS_FILE);
  lines.length = 0;
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const realFs = {
  readFile: (p: string, e: 'utf8') => fsp.readFile(p, e),
  writeFile: (p: string, d: string, o: { mode: number }) => fsp.writeFile(p, d, o),
  rename: (a: string, b: string) => fsp.rename(a, b),
  rm: (p: string, o: { force: boolean }) => fsp.rm(p, o),
};

const store = (safeStorage: SafeStorageLike, platform = 'linux', allowBasicText = false) =>
  createSecretStore({ safeStorage, platform, filePath: file, fs: realFs, log, allowBasicText });

describe('secret store (safeStorage)', () => {
  it('round-trips, keeps only ciphertext on disk, deletes', async () => {
    const s = store(fakeSafeStorage());
    await expect(s.get('device.token')).resolves.toBeNull();
    await s.set('device.token', 'tok-Nguyễn-123');
    await s.set('device.id', 'desk-7');
    await expect(s.get('device.token')).resolves.toBe('tok-Nguyễn-123');
    const onDisk = await fsp.readFile(file, 'utf8');
    expect(onDisk).not.toContain('tok-Nguyễn-123');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, entries: { 'device.token': expect.any(String) } });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await s.delete('device.token');
    await expect(s.get('device.token')).resolves.toBeNull();
    await expect(s.get('device.id')).resolves.toBe('desk-7');
    await s.delete('never.set');
    expect(fs.readdirSync(dir)).toEqual([SECRETS_FILE]);
    expect(lines.join('\n')).not.toMatch(/tok-|device\./);
  });

  it('refuses to store anything when encryption is unavailable', async () => {
    const s = store(fakeSafeStorage({ available: false }), 'win32');
    const err = await s.set('device.token', 'tok').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('secrets-unavailable');
    expect(fs.existsSync(file)).toBe(false);
    await expect(s.get('device.token')).rejects.toMatchObject({ code: 'secrets-unavailable' });
  });

  it("treats Linux's basic_text backend as unavailable unless allowed", async () => {
    const weak = fakeSafeStorage({ backend: 'basic_text' });
    const err = await store(weak).set('device.token', 'tok').catch((e: unknown) => e);
    expect((err as HostError).code).toBe('secrets-unavailable');
    expect((err as HostError).message).toContain('Linux');
    expect(fs.existsSync(file)).toBe(false);
    await store(weak, 'linux', true).set('device.token', 'tok');
    await expect(store(weak, 'linux', true).get('device.token')).resolves.toBe('tok');
    // Other platforms do not have that backend question.
    await expect(store(fakeSafeStorage({ backend: 'basic_text' }), 'darwin').get('device.token')).resolves.toBe('tok');
  });

  it('reports a secret it cannot decrypt', async () => {
    const ss = fakeSafeStorage();
    await store(ss).set('device.token', 'tok');
    ss.broken = true;
    await expect(store(ss).get('device.token')).rejects.toMatchObject({ code: 'secrets-unreadable' });
  });

  it('reports a damaged file', async () => {
    await fsp.writeFile(file, '{not json');
    await expect(store(fakeSafeStorage()).get('a')).rejects.toMatchObject({ code: 'secrets-unreadable' });
  });

  it('is safe with key names like __proto__ and constructor', async () => {
    const s = store(fakeSafeStorage());
    await expect(s.get('constructor')).resolves.toBeNull();
    await s.set('__proto__', 'p');
    await expect(s.get('__proto__')).resolves.toBe('p');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    await s.delete('__proto__');
    await expect(s.get('__proto__')).resolves.toBeNull();
  });

  it('checks key names itself too', async () => {
    await expect(store(fakeSafeStorage()).set('../x', 'v')).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('serialises concurrent writes', async () => {
    const s = store(fakeSafeStorage());
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) await expect(s.get(`k${i}`)).resolves.toBe(`v${i}`);
  });
});

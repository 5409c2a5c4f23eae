import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, loadShellConfig, normaliseOrigin } from './config';
import { errorKind } from './log';

describe('shell config', () => {
  it('the origin is app://desk, forever', () => {
    expect(APP_ORIGIN).toBe('app://desk');
  });

  it('normalises origins and refuses everything else', () => {
    expect(normaliseOrigin('https://motcua.example.gov.vn/api/sync')).toBe('https://motcua.example.gov.vn');
    // Plain http only on loopback (issue 13): tokens and records never travel in clear.
    expect(normaliseOrigin('http://10.0.0.5:8080')).toBeNull();
    expect(normaliseOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(normaliseOrigin('ftp://x')).toBeNull();
    expect(normaliseOrigin("https://x.example/'; script-src *")).toBe('https://x.example');
    expect(normaliseOrigin('https://user:pw@x.example')).toBeNull();
    expect(normaliseOrigin('*')).toBeNull();
    expect(normaliseOrigin('https://a;report-uri')).toBeNull();
    expect(normaliseOrigin('https://a,b')).toBeNull();
    expect(normaliseOrigin('https://[::1]:8443/')).toBe('https://[::1]:8443');
    expect(normaliseOrigin('https://máy-chủ.vn')).toBe('https://xn--my-ch-xqa0294c.vn');
    expect(normaliseOrigin('')).toBeNull();
  });

  it('merges the environment and the userData file', async () => {
    const cfg = await loadShellConfig({
      env: { DESK_SYNC_ORIGIN: 'https://a.example, https://b.example/x  bogus' },
      readTextFile: async () => JSON.stringify({ syncOrigins: ['https://c.example/', 'https://a.example', 42] }),
      configPath: '/u/desk-shell.json',
    });
    expect(cfg.connectOrigins).toEqual(['https://a.example', 'https://b.example', 'https://c.example']);
  });

  it('treats a missing or broken file as no extra origins', async () => {
    const missing = await loadShellConfig({
      env: {},
      readTextFile: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
      configPath: '/u/x',
    });
    expect(missing.connectOrigins).toEqual([]);
    const broken = await loadShellConfig({ env: {}, readTextFile: async () => '{', configPath: '/u/x' });
    expect(broken.connectOrigins).toEqual([]);
  });
});

describe('errorKind', () => {
  it('names the error without its message', () => {
    expect(errorKind(Object.assign(new Error('/home/Nguyễn Văn A/x.pdf'), { code: 'EACCES' }))).toBe('Error:EACCES');
    expect(errorKind(new TypeError('secret'))).toBe('TypeError');
    expect(errorKind('boom')).toBe('string');
  });
});

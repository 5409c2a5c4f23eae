import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';
import { GENESIS_HASH, canonicalJson, eventHash, verifyChain, type ChainedFields } from './chain';
import { maskIdNumber, maskPhone } from '../privacy/mask';

describe('sha256 against published vectors (FIPS 180-2 appendix B, NIST CAVS)', () => {
  it('empty, abc, two-block message, one million a', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
});

describe('canonical encoding and the chain', () => {
  const e1: ChainedFields = { id: 'e1', dossierId: null, at: 1, actor: 'A', actorId: 'u1', action: 'login', summary: 'x', fromStatus: null, toStatus: null, detail: { b: 2, a: 1 }, prevHash: GENESIS_HASH };
  it('encodes with sorted keys and no whitespace', () => {
    expect(canonicalJson({ b: [1, 'é'], a: null, c: undefined })).toBe('{"a":null,"b":[1,"é"]}');
    // NFC: decomposed e + combining acute becomes é
    expect(canonicalJson('e\u0301')).toBe('"é"');
  });
  it('hash of an event is SHA-256 of the canonical text (fixture computed with sha256sum)', () => {
    // printf '%s' '{"action":"login","actor":"A","actorId":"u1","at":1,"detail":{"a":1,"b":2},"dossierId":null,"fromStatus":null,"id":"e1","prevHash":"000…0","summary":"x","toStatus":null}' | sha256sum
    expect(eventHash(e1)).toBe(FIXTURE_E1);
  });
  it('detects an edited, a deleted and a reordered event at the first broken link', () => {
    const c1 = { ...e1, hash: eventHash(e1) };
    const e2 = { ...e1, id: 'e2', at: 2, prevHash: c1.hash };
    const c2 = { ...e2, hash: eventHash(e2) };
    const e3 = { ...e1, id: 'e3', at: 3, prevHash: c2.hash };
    const c3 = { ...e3, hash: eventHash(e3) };
    expect(verifyChain([c1, c2, c3])).toMatchObject({ ok: true, checked: 3 });
    expect(verifyChain([c1, { ...c2, summary: 'edited' }, c3]).firstBreak).toMatchObject({ index: 1, id: 'e2', reason: 'hash_mismatch' });
    expect(verifyChain([c1, c3]).firstBreak).toMatchObject({ index: 1, id: 'e3', reason: 'prev_mismatch' });
    expect(verifyChain([c2, c1, c3]).firstBreak).toMatchObject({ index: 0, id: 'e2', reason: 'prev_mismatch' });
  });
});

describe('masking', () => {
  it('CCCD and phone as the issue shows', () => {
    expect(maskIdNumber('001095012345')).toBe('0010••••2345');
    expect(maskPhone('0912345678')).toBe('09••••5678');
    expect(maskPhone('+84912345678')).toBe('+849••••5678');
    expect(maskIdNumber('')).toBe('');
  });
});
const FIXTURE_E1 = '9ff546ede196f9709dfe5267fa702eb6dd8b03ad85d256b71bfa531c4dda4dc9';

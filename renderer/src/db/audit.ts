// "Kiểm tra toàn vẹn nhật ký": walks the desk's audit chain in order and reports the first broken link.
// It runs outside any transaction, so it reads in pages and hashes each page's events with WebCrypto in
// parallel: every link is checked on its own (the event's stored prevHash is the previous event's stored
// hash, and its stored hash is the digest of its own chained text), so no hash waits for another.
import { GENESIS_HASH, chainedText, type ChainBreak } from '@shared/audit/chain';
import type { AuditEvent, DeskDb } from './db';
import { auditEvent } from './records';
import { requirePermission } from './session';

export interface AuditCheck {
  checked: number;
  ok: boolean;
  firstBreak: (ChainBreak & { seq: number | undefined; at: number | null; summary: string | null }) | null;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const enc = new TextEncoder();

async function digestHex(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text)));
  let s = '';
  for (const b of bytes) s += HEX[b];
  return s;
}

export async function verifyAuditChain(db: DeskDb, now = Date.now()): Promise<AuditCheck> {
  requirePermission(db, 'audit_verify');
  let prev = GENESIS_HASH;
  let checked = 0;
  let firstBreak: AuditCheck['firstBreak'] = null;
  const PAGE = 10_000;
  let lastSeq = 0;
  for (;;) {
    const page: AuditEvent[] = await db.audit.where('seq').above(lastSeq).limit(PAGE).toArray();
    const hashes = await Promise.all(page.map((e) => (e.hash && e.prevHash ? digestHex(chainedText(e as AuditEvent & { prevHash: string })) : null)));
    for (const [i, e] of page.entries()) {
      let br: ChainBreak | null = null;
      if (!e.hash || !e.prevHash) br = { index: checked, id: e.id, reason: 'unchained' };
      else if (e.prevHash !== prev) br = { index: checked, id: e.id, reason: 'prev_mismatch', expected: prev, found: e.prevHash };
      else if (hashes[i] !== e.hash) br = { index: checked, id: e.id, reason: 'hash_mismatch', expected: hashes[i]!, found: e.hash };
      if (br) {
        firstBreak = { ...br, seq: e.seq, at: e.at, summary: e.summary };
        break;
      }
      prev = e.hash!;
      checked++;
    }
    if (firstBreak || page.length < PAGE) break;
    lastSeq = page[page.length - 1].seq!;
  }
  await db.transaction('rw', [db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'audit_verify');
    await db.audit.add(
      auditEvent({ dossierId: null, action: 'audit_verified', actor, actorId, summary: firstBreak ? `Kiểm tra toàn vẹn nhật ký: hỏng tại sự kiện thứ ${firstBreak.index + 1}` : `Kiểm tra toàn vẹn nhật ký: ${checked} sự kiện, không có chỗ hỏng`, at: now, detail: { checked, ok: !firstBreak } }),
    );
  });
  return { checked, ok: !firstBreak, firstBreak };
}

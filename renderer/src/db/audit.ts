// "Kiểm tra toàn vẹn nhật ký": walks the desk's audit chain in order and reports the first broken link.
import { GENESIS_HASH, eventHash, type ChainBreak } from '@shared/audit/chain';
import type { AuditEvent, DeskDb } from './db';
import { auditEvent } from './records';
import { requirePermission } from './session';

export interface AuditCheck {
  checked: number;
  ok: boolean;
  firstBreak: (ChainBreak & { seq: number | undefined; at: number | null; summary: string | null }) | null;
}

export async function verifyAuditChain(db: DeskDb, now = Date.now()): Promise<AuditCheck> {
  requirePermission(db, 'audit_verify');
  let prev = GENESIS_HASH;
  let checked = 0;
  let firstBreak: AuditCheck['firstBreak'] = null;
  let expectedSeq: number | null = null;
  const PAGE = 5000;
  let lastSeq = 0;
  for (;;) {
    const page: AuditEvent[] = await db.audit.where('seq').above(lastSeq).limit(PAGE).toArray();
    for (const e of page) {
      const where = { seq: e.seq, at: e.at, summary: e.summary };
      let br: ChainBreak | null = null;
      if (!e.hash || !e.prevHash) br = { index: checked, id: e.id, reason: 'unchained' };
      else if (e.prevHash !== prev) br = { index: checked, id: e.id, reason: 'prev_mismatch', expected: prev, found: e.prevHash };
      else {
        const h = eventHash(e as AuditEvent & { prevHash: string });
        if (h !== e.hash) br = { index: checked, id: e.id, reason: 'hash_mismatch', expected: h, found: e.hash };
      }
      if (br) {
        firstBreak = { ...br, ...where };
        break;
      }
      prev = e.hash!;
      checked++;
      expectedSeq = e.seq ?? null;
    }
    if (firstBreak || page.length < PAGE) break;
    lastSeq = page[page.length - 1].seq!;
  }
  void expectedSeq;
  await db.transaction('rw', [db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'audit_verify');
    await db.audit.add(
      auditEvent({ dossierId: null, action: 'audit_verified', actor, actorId, summary: firstBreak ? `Kiểm tra toàn vẹn nhật ký: hỏng tại sự kiện thứ ${firstBreak.index + 1}` : `Kiểm tra toàn vẹn nhật ký: ${checked} sự kiện, không có chỗ hỏng`, at: now, detail: { checked, ok: !firstBreak } }),
    );
  });
  return { checked, ok: !firstBreak, firstBreak };
}

// The province's copy of every desk's audit chain (POST /v1/audit), append-only: SQLite triggers and a
// trigger function (PostgreSQL) refuse any UPDATE or DELETE (migration 4). Each event is re-hashed and must link to the last one held of the
// device; a desk restored from a backup continues from an older event, which the province accepts only as
// a new branch opened by the desk's own 'backup_restored' event.
import { createHash } from 'node:crypto';
import { GENESIS_HASH, chainedText } from '../shared/audit/chain';
import type { AuditWire } from '../shared/sync/contract';
import type { Device, Province } from './store';

export interface AuditAnswer {
  accepted: number;
  duplicates: number;
  refused: { id: string; reason: string } | null;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const short = (h: string) => h.slice(0, 12);

export function acceptAudit(province: Province, device: Device, events: AuditWire[], now: number): Promise<AuditAnswer> {
  // One device's pushes one at a time (another process may serve the same desk with PostgreSQL).
  return province.db.write(async (tx): Promise<AuditAnswer> => {
    const answer: AuditAnswer = { accepted: 0, duplicates: 0, refused: null };
    for (const [i, e] of events.entries()) {
      const where = `sự kiện nhật ký thứ ${i + 1} của lô (${new Date(e.at).toISOString()}, ${e.action})`;
      const held = await tx.selectFrom('audit_events').select('hash').where('id', '=', e.id).executeTakeFirst();
      if (held) {
        if (held.hash === e.hash) {
          answer.duplicates++;
          continue;
        }
        answer.refused = { id: e.id, reason: `Tỉnh đã nhận ${where} với nội dung khác: nhật ký trên quầy đã bị sửa sau khi gửi.` };
        break;
      }
      if (sha256(chainedText(e)) !== e.hash) {
        answer.refused = { id: e.id, reason: `Mã băm của ${where} không khớp nội dung: sự kiện đã bị sửa.` };
        break;
      }
      const tip = (await tx.selectFrom('audit_events').select('hash').where('device_id', '=', device.id).orderBy('seq', 'desc').limit(1).executeTakeFirst())?.hash ?? GENESIS_HASH;
      const linksToTip = e.prevHash === tip;
      const opensBranch =
        e.action === 'backup_restored' &&
        (e.prevHash === GENESIS_HASH || !!(await tx.selectFrom('audit_events').select('seq').where('device_id', '=', device.id).where('hash', '=', e.prevHash).limit(1).executeTakeFirst()));
      if (!linksToTip && !opensBranch) {
        answer.refused = { id: e.id, reason: `Nhật ký đứt mắt xích tại ${where}: sự kiện nối tiếp ${short(e.prevHash)}…, nhưng sự kiện cuối cùng tỉnh đã nhận của quầy là ${short(tip)}… (có sự kiện bị xóa, chèn hoặc đổi thứ tự).` };
        break;
      }
      await tx
        .insertInto('audit_events')
        .values({ id: e.id, device_id: device.id, at: e.at, action: e.action, dossier_id: e.dossierId, prev_hash: e.prevHash, hash: e.hash, event: JSON.stringify(e), received_at: now })
        .execute();
      answer.accepted++;
    }
    return answer;
  }, [`motcua:audit:${device.id}`]);
}

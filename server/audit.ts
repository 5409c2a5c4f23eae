// The province's copy of every desk's audit chain (POST /v1/audit), append-only: SQLite triggers refuse
// any UPDATE or DELETE (migration 4). Each event is re-hashed and must link to the last one held of the
// device; a desk restored from a backup continues from an older event, which the province accepts only as
// a new branch opened by the desk's own 'backup_restored' event. Plain SQL, ready for the Kysely port.
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

export function acceptAudit(province: Province, device: Device, events: AuditWire[], now: number): AuditAnswer {
  const db = province.db;
  const byId = db.prepare('SELECT hash FROM audit_events WHERE id = ?');
  const tipOf = db.prepare('SELECT hash FROM audit_events WHERE device_id = ? ORDER BY rowid DESC LIMIT 1');
  const known = db.prepare('SELECT 1 FROM audit_events WHERE device_id = ? AND hash = ? LIMIT 1');
  const insert = db.prepare('INSERT INTO audit_events (id, device_id, at, action, dossier_id, prev_hash, hash, event, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const run = db.transaction((): AuditAnswer => {
    const answer: AuditAnswer = { accepted: 0, duplicates: 0, refused: null };
    for (const [i, e] of events.entries()) {
      const where = `sự kiện nhật ký thứ ${i + 1} của lô (${new Date(e.at).toISOString()}, ${e.action})`;
      const held = byId.get(e.id) as { hash: string } | undefined;
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
      const tip = (tipOf.get(device.id) as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
      const linksToTip = e.prevHash === tip;
      const opensBranch = e.action === 'backup_restored' && (e.prevHash === GENESIS_HASH || !!known.get(device.id, e.prevHash));
      if (!linksToTip && !opensBranch) {
        answer.refused = { id: e.id, reason: `Nhật ký đứt mắt xích tại ${where}: sự kiện nối tiếp ${short(e.prevHash)}…, nhưng sự kiện cuối cùng tỉnh đã nhận của quầy là ${short(tip)}… (có sự kiện bị xóa, chèn hoặc đổi thứ tự).` };
        break;
      }
      insert.run(e.id, device.id, e.at, e.action, e.dossierId, e.prevHash, e.hash, JSON.stringify(e), now);
      answer.accepted++;
    }
    return answer;
  });
  return run.immediate();
}

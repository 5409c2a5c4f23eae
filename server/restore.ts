// What the province holds of one desk, for a desk restored from a backup (GET /v1/restore): every dossier
// of every device enrolled as the same desk of the agency, by id, paged. Plain SQL that runs on SQLite
// and PostgreSQL alike, kept apart so it ports to the Kysely layer unchanged.
import type { HoSo, RestoreItem } from '../shared/sync/contract';
import type { Device, Province } from './store';

export function deskRecords(province: Province, device: Device, after: string, limit: number): { items: RestoreItem[]; hasMore: boolean } {
  const rows = province.db
    .prepare(
      `SELECT d.id, d.desk_rev, d.province_seq, d.record FROM dossiers d
       WHERE d.agency_code = ? AND d.device_id IN (SELECT v.id FROM devices v WHERE v.agency_code = ? AND v.desk_no = ?) AND d.id > ?
       ORDER BY d.id LIMIT ?`,
    )
    .all(device.agencyCode, device.agencyCode, device.deskNo, after, limit + 1) as { id: string; desk_rev: number; province_seq: number; record: string }[];
  return {
    items: rows.slice(0, limit).map((r) => ({ dossierId: r.id, deskRev: r.desk_rev, provinceSeq: r.province_seq, HoSo: JSON.parse(r.record) as HoSo })),
    hasMore: rows.length > limit,
  };
}

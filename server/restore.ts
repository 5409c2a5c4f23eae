// What the province holds of one desk, for a desk restored from a backup (GET /v1/restore): every dossier
// of every device enrolled as the same desk of the agency, by id, paged.
import type { HoSo, RestoreItem } from '../shared/sync/contract';
import type { Device, Province } from './store';
import { dossierFiles, withFiles } from './files';

export async function deskRecords(province: Province, device: Device, after: string, limit: number): Promise<{ items: RestoreItem[]; hasMore: boolean }> {
  const k = province.db.k;
  const rows = await k
    .selectFrom('dossiers')
    .select(['id', 'desk_rev', 'province_seq', 'record'])
    .where('agency_code', '=', device.agencyCode)
    .where('device_id', 'in', k.selectFrom('devices').select('id').where('agency_code', '=', device.agencyCode).where('desk_no', '=', device.deskNo))
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  // Each component with the file the province received for it (TaiLieuNop[].file, resultFile).
  const files = await dossierFiles(province, page.map((r) => r.id));
  return {
    items: page.map((r) => ({ dossierId: r.id, deskRev: Number(r.desk_rev), provinceSeq: Number(r.province_seq), HoSo: withFiles(JSON.parse(r.record) as HoSo, files.get(r.id)) })),
    hasMore: rows.length > limit,
  };
}

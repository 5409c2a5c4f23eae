// Scanned components and result documents (issue 11): one assembled PDF per dossier and slot, kept as a
// Blob in its own table, outside the dossier rows. Each save writes the row and its audit event in one
// transaction; the SHA-256 is computed before it (WebCrypto inside a transaction commits it early).
// The row's id stays the same for a dossier and slot across re-edits: the upload keys on it.
import { parseSlot, RESULT_SLOT, ScanError, checkDpi, checkSlotTotals, DEFAULT_SCAN_DPI, scanFileName, shortSha } from '@shared/scans/rules';
import type { DeskDb, ScanFile } from './db';
import { auditEvent, newId } from './records';
import { requirePermission } from './session';

export type { ScanFile };

/** Hex SHA-256 of the bytes (WebCrypto): never inside a Dexie transaction. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The scans of one dossier, by slot. */
export function scanFilesOfDossier(db: DeskDb, dossierId: string): Promise<ScanFile[]> {
  return db.scanFiles.where('dossierId').equals(dossierId).toArray();
}

export function getScanFile(db: DeskDb, dossierId: string, slot: string): Promise<ScanFile | undefined> {
  return db.scanFiles.where('[dossierId+slot]').equals([dossierId, slot]).first();
}

/** The scan's PDF bytes (for the editor and the preview). */
export async function scanPdfBytes(file: ScanFile): Promise<Uint8Array> {
  return new Uint8Array(await file.pdf.arrayBuffer());
}

/** What the slot is called on screen and in the audit (a component's name is not personal data). */
function slotLabel(dossier: { components: { componentId: string; name: string }[] }, slot: string): string {
  const parsed = parseSlot(slot);
  if (!parsed) throw new ScanError('Ô số hoá không hợp lệ.');
  if (parsed.kind === 'result') return 'Kết quả';
  const c = dossier.components.find((x) => x.componentId === parsed.componentId);
  if (!c) throw new ScanError('Thành phần này không có trong hồ sơ.');
  return c.name;
}

export interface SaveScanInput {
  dossierId: string;
  slot: string;
  /** The assembled PDF (shared/scans/assemble.ts). */
  pdf: Uint8Array;
  pageCount: number;
}

/**
 * Keeps the assembled PDF of a slot, replacing the previous one (same row id). If the disk is full the
 * transaction fails whole and the previous version stays.
 */
export async function saveScan(db: DeskDb, input: SaveScanInput, now = Date.now()): Promise<ScanFile> {
  // Checked before any work: who asks, and what (the transaction checks again).
  requirePermission(db, 'digitise');
  if (input.pageCount < 1) throw new ScanError('Không còn trang nào: hãy xoá tệp quét thay vì lưu một tệp rỗng.');
  checkSlotTotals(input.pageCount, input.pdf.byteLength);
  const sha256 = await sha256Hex(input.pdf);
  const pdf = new Blob([input.pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  return db.transaction('rw', [db.dossiers, db.scanFiles, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'digitise');
    const dossier = await db.dossiers.get(input.dossierId);
    if (!dossier) throw new ScanError('Không tìm thấy hồ sơ (có thể đã bị xoá): không lưu được tệp quét.');
    const label = slotLabel(dossier, input.slot);
    const previous = await db.scanFiles.where('[dossierId+slot]').equals([dossier.id, input.slot]).first();
    const row: ScanFile = {
      id: previous?.id ?? newId(),
      dossierId: dossier.id,
      slot: input.slot,
      fileName: scanFileName(dossier.code, label),
      pdf,
      bytes: input.pdf.byteLength,
      sha256,
      pageCount: input.pageCount,
      digitisedBy: actorId ?? '',
      digitisedByName: actor,
      digitisedAt: now,
    };
    await db.scanFiles.put(row);
    const what = input.slot === RESULT_SLOT ? 'kết quả' : `"${label}"`;
    await db.audit.add(auditEvent({
      dossierId: dossier.id,
      action: 'digitised',
      actor,
      actorId,
      summary: `${previous ? 'Cập nhật bản số hoá' : 'Số hoá'} ${what}: ${input.pageCount} trang, SHA-256 ${shortSha(sha256)}`,
      at: now,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      detail: { slot: input.slot, pages: input.pageCount, bytes: input.pdf.byteLength, sha256 },
    }));
    return row;
  });
}

/** Removes a slot's scan (attached to the wrong component, say), with its audit event. */
export async function removeScan(db: DeskDb, dossierId: string, slot: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.dossiers, db.scanFiles, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'digitise');
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new ScanError('Không tìm thấy hồ sơ.');
    const row = await db.scanFiles.where('[dossierId+slot]').equals([dossierId, slot]).first();
    if (!row) return;
    const label = slotLabel(dossier, slot);
    await db.scanFiles.delete(row.id);
    await db.audit.add(auditEvent({
      dossierId,
      action: 'scan_removed',
      actor,
      actorId,
      summary: `Xoá bản số hoá ${slot === RESULT_SLOT ? 'kết quả' : `"${label}"`} (${row.pageCount} trang)`,
      at: now,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      detail: { slot, pages: row.pageCount, sha256: row.sha256 },
    }));
  });
}

/** The resolution scanned images are placed at (dpi): a desk setting, 200 by default. */
export function readScanDpi(db: DeskDb): Promise<number> {
  return db.settings.get('scanDpi').then((r) => (typeof r?.value === 'number' ? r.value : DEFAULT_SCAN_DPI));
}

export async function saveScanDpi(db: DeskDb, dpi: number, now = Date.now()): Promise<void> {
  checkDpi(dpi);
  await db.transaction('rw', [db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'settings');
    await db.settings.put({ key: 'scanDpi', value: dpi });
    await db.audit.add(auditEvent({ dossierId: null, action: 'settings_changed', actor, actorId, summary: `Đổi độ phân giải số hoá: ${dpi} dpi`, at: now, detail: { keys: 'scanDpi' } }));
  });
}

/** How much the desk stores and may store (the browser's estimate for this origin). */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
}

/** Total bytes of the desk's scans (the rows' sizes; the Blobs are not read). */
export async function scanStorageBytes(db: DeskDb): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  await db.scanFiles.each((f) => {
    files++;
    bytes += f.bytes;
  });
  return { files, bytes };
}

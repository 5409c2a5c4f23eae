import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from './db';
import { setSession, PermissionError, type Session } from './session';
import { receiveDossier } from './dossiers';
import { ensureCatalog, saveSetup } from './settings';
import { getScanFile, readScanDpi, removeScan, saveScan, saveScanDpi, scanFilesOfDossier, scanPdfBytes, scanStorageBytes } from './scans';
import { describeWriteError } from './errors';
import { verifyAuditChain } from './audit';
import { vnTime } from '@shared/calendar/vnTime';
import { componentSlot, RESULT_SLOT } from '@shared/scans/rules';
import { sampleReceiveData, SAMPLE_DESK, SAMPLE_OFFICE } from '../../../test/fixtures/dossiers';

const as = (role: Session['role'], name: string): Session => ({ accountId: `acc-${role}`, username: role, displayName: name, role, locked: false });
const POSTAL = as('postal', 'Lê Văn Bưu');
const OFFICER = as('officer', 'Trần Thị Bình');
const SUPERVISOR = as('supervisor', 'Phạm Lãnh Đạo');
const ADMIN = as('admin', 'Quản trị');
const NOW = vnTime(2026, 12, 1, 9, 0);
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF\n`);
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('scanned files (db/scans.ts)', () => {
  let db: DeskDb;
  let dossierId: string;
  let slot: string;
  beforeEach(async () => {
    db = openDeskDb(`scans-${crypto.randomUUID()}`);
    setSession(db, ADMIN);
    await ensureCatalog(db);
    await saveSetup(db, SAMPLE_OFFICE, SAMPLE_DESK);
    const d = await receiveDossier(db, sampleReceiveData(), NOW);
    dossierId = d.id;
    slot = componentSlot(d.components[0].componentId);
  });
  afterEach(async () => {
    setSession(db, null);
    await db.delete();
  });

  it('keeps one row per dossier and slot: the same id across re-edits, new bytes, SHA-256, pages, who and when', async () => {
    setSession(db, POSTAL);
    const first = await saveScan(db, { dossierId, slot, pdf: pdf('one'), pageCount: 1 }, NOW);
    expect(first.sha256).toBe(hex(pdf('one'))); // node:crypto, not the code under test
    expect(first).toMatchObject({ dossierId, slot, pageCount: 1, bytes: pdf('one').byteLength, digitisedBy: 'acc-postal', digitisedByName: 'Lê Văn Bưu', digitisedAt: NOW });
    expect(first.fileName).toMatch(/^000\.17\.22\.H56-261201-0001_.+\.pdf$/);
    setSession(db, OFFICER);
    const second = await saveScan(db, { dossierId, slot, pdf: pdf('two pages'), pageCount: 2 }, NOW + 60_000);
    expect(second.id).toBe(first.id);
    const stored = (await getScanFile(db, dossierId, slot))!;
    expect(stored).toMatchObject({ id: first.id, pageCount: 2, sha256: hex(pdf('two pages')), digitisedByName: 'Trần Thị Bình', digitisedAt: NOW + 60_000 });
    expect(new TextDecoder().decode(await scanPdfBytes(stored))).toContain('two pages');
    expect(await db.scanFiles.count()).toBe(1);
    // The result has its own slot.
    await saveScan(db, { dossierId, slot: RESULT_SLOT, pdf: pdf('kq'), pageCount: 1 }, NOW);
    expect((await scanFilesOfDossier(db, dossierId)).map((f) => f.slot).sort()).toEqual([slot, RESULT_SLOT].sort());
    expect(await scanStorageBytes(db)).toEqual({ files: 2, bytes: pdf('two pages').byteLength + pdf('kq').byteLength });
  });

  it('writes an audit event per save with slot, pages and SHA-256 (no personal data), in the chain', async () => {
    setSession(db, POSTAL);
    await saveScan(db, { dossierId, slot, pdf: pdf('one'), pageCount: 3 }, NOW);
    const events = (await db.audit.where('[dossierId+at]').between([dossierId, 0], [dossierId, Infinity]).toArray()).filter((e) => e.action === 'digitised');
    expect(events).toHaveLength(1);
    expect(events[0].detail).toEqual({ slot, pages: 3, bytes: pdf('one').byteLength, sha256: hex(pdf('one')) });
    expect(events[0].summary).toMatch(/^Số hoá ".+": 3 trang, SHA-256 [0-9a-f]{8}…[0-9a-f]{4}$/);
    expect(JSON.stringify(events[0])).not.toContain('Nguyễn');
    setSession(db, ADMIN);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('postal staff and officers digitise; a supervisor is refused in Vietnamese and nothing is written', async () => {
    setSession(db, SUPERVISOR);
    await expect(saveScan(db, { dossierId, slot, pdf: pdf('x'), pageCount: 1 }, NOW)).rejects.toThrow(PermissionError);
    await expect(saveScan(db, { dossierId, slot, pdf: pdf('x'), pageCount: 1 }, NOW)).rejects.toThrow(/không có quyền số hoá/);
    await expect(removeScan(db, dossierId, slot)).rejects.toThrow(PermissionError);
    setSession(db, null);
    await expect(saveScan(db, { dossierId, slot, pdf: pdf('x'), pageCount: 1 }, NOW)).rejects.toThrow(/Chưa đăng nhập/);
    expect(await db.scanFiles.count()).toBe(0);
  });

  it('refuses a slot that is not a component of the dossier, and an empty assembly', async () => {
    setSession(db, OFFICER);
    await expect(saveScan(db, { dossierId, slot: componentSlot('khong-co'), pdf: pdf('x'), pageCount: 1 }, NOW)).rejects.toThrow(/không có trong hồ sơ/);
    await expect(saveScan(db, { dossierId, slot: 'anything', pdf: pdf('x'), pageCount: 1 }, NOW)).rejects.toThrow(/không hợp lệ/);
    await expect(saveScan(db, { dossierId, slot, pdf: pdf('x'), pageCount: 0 }, NOW)).rejects.toThrow(/Không còn trang nào/);
    expect(await db.scanFiles.count()).toBe(0);
  });

  it('a full disk (QuotaExceededError, as Dexie wraps it) is explained and the previous version stays whole', async () => {
    setSession(db, OFFICER);
    await saveScan(db, { dossierId, slot, pdf: pdf('old'), pageCount: 1 }, NOW);
    const auditsBefore = await db.audit.count();
    // The disk fills while the transaction writes: the second write fails as IndexedDB reports it.
    db.audit.hook('creating', function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await saveScan(db, { dossierId, slot, pdf: pdf('new'), pageCount: 2 }, NOW + 1).catch((e: unknown) => e) as { name: string; inner?: { name: string } };
    // Dexie reports it as the transaction's abort, with IndexedDB's error inside.
    expect([error.name, error.inner?.name]).toContain('QuotaExceededError');
    expect(describeWriteError(error)).toBe('Ổ đĩa đã đầy hoặc trình duyệt hết dung lượng lưu trữ, nên dữ liệu chưa được ghi. Hãy giải phóng dung lượng ổ đĩa rồi lưu lại.');
    const kept = (await getScanFile(db, dossierId, slot))!;
    expect(kept.sha256).toBe(hex(pdf('old')));
    expect(new TextDecoder().decode(await scanPdfBytes(kept))).toContain('old');
    expect(await db.audit.count()).toBe(auditsBefore);
  });

  it('removes a slot\'s scan with its audit event', async () => {
    setSession(db, POSTAL);
    await saveScan(db, { dossierId, slot, pdf: pdf('x'), pageCount: 1 }, NOW);
    await removeScan(db, dossierId, slot, NOW + 1);
    expect(await db.scanFiles.count()).toBe(0);
    expect((await db.audit.toArray()).at(-1)).toMatchObject({ action: 'scan_removed', detail: { slot, pages: 1 } });
  });

  it('the resolution is a setting (200 dpi by default) that administrators change, within 72–1200', async () => {
    expect(await readScanDpi(db)).toBe(200);
    await saveScanDpi(db, 300);
    expect(await readScanDpi(db)).toBe(300);
    await expect(saveScanDpi(db, 20)).rejects.toThrow(/72 đến 1200/);
    setSession(db, POSTAL);
    await expect(saveScanDpi(db, 250)).rejects.toThrow(PermissionError);
  });
});

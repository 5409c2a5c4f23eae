// Backup and restore, run twice: in Node over fake-indexeddb and in real Chromium over IndexedDB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_MESSAGES, BackupError, RESTORE_SEQUENCE_GAP } from '@shared/backup/format';
import { vnTime } from '@shared/calendar/vnTime';
import { openDeskDb, type DeskDb } from './db';
import { BACKUP_PASSPHRASE_SECRET, blobSink, createBackup, readLastBackup, restoreBackup, runDueBackup, saveBackupSchedule } from './backup';
import { receiveDossier, transitionDossier } from './dossiers';
import { createFirstAdmin, createAccount, login } from './accounts';
import { receiveData, setUpDesk, signInForTest } from './dossiers.cases';
import { verifyAuditChain } from './audit';
import { PermissionError, setSession } from './session';
import { memorySecrets } from '../sync/credentials';
import { getScanFile, saveScan, scanPdfBytes } from './scans';
import { componentSlot } from '@shared/scans/rules';

const PASS = 'mật khẩu sao lưu 2026';
const ITER = 100_000;
const DAY = vnTime(2026, 11, 23, 9, 0);

/** Every table of a desk, rows in key order: what "nothing touched" is compared against. */
async function dump(db: DeskDb) {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return out;
}

async function backupOf(db: DeskDb, secrets = memorySecrets(), now = DAY + 3_600_000) {
  const sink = blobSink();
  const result = await createBackup(db, PASS, sink, { now, secrets, iterations: ITER });
  return { blob: sink.blob(), result };
}

/** The bytes of a blob with one byte flipped, or cut to a length. */
async function bytesOf(blob: Blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

export function backupCases(label: string) {
  describe(`backup and restore (${label})`, () => {
    let source: DeskDb;
    let target: DeskDb;
    beforeEach(async () => {
      source = openDeskDb(`bk-src-${crypto.randomUUID()}`);
      target = openDeskDb(`bk-dst-${crypto.randomUUID()}`);
      await setUpDesk(source);
      // A real first administrator and an officer, so accounts come back with their password hashes.
      await source.accounts.clear();
      setSession(source, null);
      await createFirstAdmin(source, { username: 'quantri', displayName: 'Lê Văn Quản', password: 'matkhau-quantri' }, DAY - 60_000);
      await createAccount(source, { username: 'binh', displayName: 'Trần Thị Bình', role: 'officer', password: 'matkhau-binh' }, DAY - 30_000);
      const a = await receiveDossier(source, receiveData({ fullName: 'Nguyễn Văn An' }), DAY);
      await receiveDossier(source, receiveData({ fullName: 'Phạm Thị Hoa', idNumber: '001190054321' }), DAY + 60_000);
      await transitionDossier(source, a.id, 'hand_over', {}, DAY + 120_000);
      // Outbox states travel: one entry confirmed by the province, one failed, the rest pending.
      const entries = await source.outbox.toArray();
      await source.outbox.update(entries[0].seq!, { state: 'sent', sentAt: DAY + 130_000 });
      await source.outbox.update(entries[1].seq!, { state: 'failed', attempts: 2, lastError: 'mạng' });
      await source.syncState.put({ key: 'cursor', value: 17 });
      await source.conflicts.put({ id: crypto.randomUUID(), dossierId: a.id, kind: 'status', code: a.code, reason: 'x', provinceStatus: 4, provinceSeq: 3, provinceChange: null, createdAt: DAY, open: 1, resolvedAt: null, resolution: null });
    });
    afterEach(async () => {
      setSession(source, null);
      setSession(target, null);
      await source.delete();
      await target.delete();
    });

    it('restores every table of the desk on a fresh profile, the audit chain intact, the credential with it', async () => {
      const secrets = memorySecrets();
      await secrets.secretSet({ key: 'sync.credential', value: '{"deviceId":"d","token":"t","expiresAt":1}' });
      const before = await dump(source);
      const { blob, result } = await backupOf(source, secrets);
      expect(result.counts.dossiers).toBe(2);
      expect(result.name).toMatch(/^motcua-\d{8}-\d{6}\.mcbk$/);
      // Nothing in clear: neither a name nor an ID number.
      const text = new TextDecoder('latin1').decode(await bytesOf(blob));
      expect(text).not.toContain('001190054321');
      expect(text).not.toContain('Hoa');

      const newMachine = memorySecrets();
      const restored = await restoreBackup(target, blob, PASS, { now: DAY + 7_200_000, secrets: newMachine });
      expect(restored.counts.dossiers).toBe(2);
      const after = await dump(target);
      for (const table of ['dossiers', 'outbox', 'accounts', 'conflicts', 'procedures', 'calendarOverrides', 'deskCalendarDays']) expect(after[table], table).toEqual(before[table]);
      // Same UUIDs and outbox states.
      expect((after.outbox as { state: string }[]).map((e) => e.state)).toEqual(['sent', 'failed', 'pending']);
      // The backup's own event and the restore's come after the restored chain, which still verifies.
      expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
      expect((after.audit.at(-1) as { action: string }).action).toBe('backup_restored');
      expect((await newMachine.secretGet({ key: 'sync.credential' })).value).toContain('"token":"t"');
      // The restored backup counts as the desk's latest one (no "never backed up" reminder after a restore).
      expect(await readLastBackup(target)).toMatchObject({ at: DAY + 3_600_000, bytes: blob.size });
      // Nobody is logged in after a restore; the restored accounts sign in with their own passwords.
      await login(target, 'binh', 'matkhau-binh', { slowMs: 0 });
      signInForTest(target, 'supervisor');
      const check = await verifyAuditChain(target);
      expect(check).toMatchObject({ ok: true, firstBreak: null });
      expect(check.checked).toBeGreaterThan(before.audit.length);
    });

    it('keeps the scanned files: each PDF comes back byte for byte, a large one across several frames', async () => {
      signInForTest(source, 'officer');
      const [d] = await source.dossiers.toArray();
      // 20 MB of varied bytes: more than one frame's share (files travel in 8 MB pieces).
      const big = new Uint8Array(20 * 1024 * 1024 + 12345);
      for (let i = 0; i < big.length; i += 4096) big[i] = (i * 31) & 0xff;
      big.set(new TextEncoder().encode('%PDF-1.7\n'));
      const small = new TextEncoder().encode('%PDF-1.7\nkết quả\n%%EOF\n');
      const slot = componentSlot(d.components[0].componentId);
      const kept = await saveScan(source, { dossierId: d.id, slot, pdf: big, pageCount: 3 }, DAY + 150_000);
      await saveScan(source, { dossierId: d.id, slot: 'result', pdf: small, pageCount: 1 }, DAY + 160_000);
      setSession(source, null);
      await login(source, 'quantri', 'matkhau-quantri', { slowMs: 0 });
      const { blob, result } = await backupOf(source);
      expect(result.counts.scanFiles).toBe(2);
      await restoreBackup(target, blob, PASS, { now: DAY + 7_200_000 });
      const back = (await getScanFile(target, d.id, slot))!;
      expect(back).toMatchObject({ id: kept.id, sha256: kept.sha256, bytes: big.length, pageCount: 3, fileName: kept.fileName });
      expect(back.pdf).toBeInstanceOf(Blob);
      const bytes = await scanPdfBytes(back);
      expect(bytes.length).toBe(big.length);
      expect(bytes.every((b, i) => b === big[i])).toBe(true);
      expect(new TextDecoder().decode(await scanPdfBytes((await getScanFile(target, d.id, 'result'))!))).toContain('kết quả');
    });

    it('refuses a wrong passphrase, a damaged and a truncated file, touching nothing on the desk', async () => {
      const { blob } = await backupOf(source);
      const bytes = await bytesOf(blob);
      // The target already holds a desk of its own: every refusal must leave it exactly as it was.
      await setUpDesk(target);
      await receiveDossier(target, receiveData({ fullName: 'Đặng Văn Minh' }), DAY);
      const untouched = await dump(target);
      const refusals: [Blob, string, string][] = [];
      refusals.push([blob, 'mật khẩu khác hẳn', BACKUP_MESSAGES.wrongPassphrase]);
      const flipped = bytes.slice();
      flipped[Math.floor(bytes.length * 0.6)] ^= 0x40;
      refusals.push([new Blob([flipped]), PASS, 'bị hỏng']);
      for (const cut of [5, 40, Math.floor(bytes.length / 2), bytes.length - 1]) refusals.push([new Blob([bytes.slice(0, cut)]), PASS, cut < 12 ? 'không' : 'không đầy đủ']);
      refusals.push([new Blob([bytes, new Uint8Array([1, 2, 3])]), PASS, 'dữ liệu lạ']);
      refusals.push([new Blob([new TextEncoder().encode('not a backup at all, just some text')]), PASS, BACKUP_MESSAGES.notBackup]);
      for (const [file, pass, message] of refusals) {
        const error = await restoreBackup(target, file, pass).then(() => null, (e: unknown) => e);
        expect(error, message).toBeInstanceOf(BackupError);
        expect((error as Error).message).toContain(message);
      }
      expect(await dump(target)).toEqual(untouched);
    });

    it('refuses a file cut exactly between two frames (the end frame is missing)', async () => {
      const { blob } = await backupOf(source);
      const bytes = await bytesOf(blob);
      // Walk the frames and drop the last one whole.
      const view = new DataView(bytes.buffer);
      let offset = 12 + view.getUint32(8);
      let lastStart = offset;
      while (offset < bytes.length) {
        lastStart = offset;
        offset += 4 + view.getUint32(offset);
      }
      const error = await restoreBackup(target, new Blob([bytes.slice(0, lastStart)]), PASS).then(() => null, (e: unknown) => e);
      expect((error as Error).message).toBe(BACKUP_MESSAGES.truncated);
      expect(await target.dossiers.count()).toBe(0);
    });

    it('is for administrators only, on a desk in use', async () => {
      signInForTest(source, 'officer');
      await expect(createBackup(source, PASS, blobSink(), { iterations: ITER })).rejects.toBeInstanceOf(PermissionError);
      signInForTest(source, 'supervisor');
      await expect(createBackup(source, PASS, blobSink(), { iterations: ITER })).rejects.toThrow(/không có quyền sao lưu/);
      signInForTest(source, 'admin');
      const { blob } = await backupOf(source);
      await setUpDesk(target);
      await receiveDossier(target, receiveData(), DAY);
      signInForTest(target, 'officer');
      await expect(restoreBackup(target, blob, PASS)).rejects.toBeInstanceOf(PermissionError);
      expect(await target.dossiers.count()).toBe(1);
      expect(await readLastBackup(source)).toMatchObject({ auto: false, actor: 'Trần Thị Bình' });
    });

    it('refuses a short passphrase', async () => {
      signInForTest(source, 'admin');
      await expect(createBackup(source, 'ngắn', blobSink())).rejects.toThrow(BACKUP_MESSAGES.shortPassphrase);
    });

    it('skips a safety gap of sequence numbers today after a restore, so a code issued after the backup is never reissued', async () => {
      signInForTest(source, 'admin');
      const { blob } = await backupOf(source);
      // After the backup, the lost desk issued codes 0003 and 0004 the same day.
      await receiveDossier(source, receiveData(), DAY + 200_000);
      const lost = await receiveDossier(source, receiveData(), DAY + 300_000);
      expect(lost.code).toBe('000.17.22.H56-261123-0004');
      const r = await restoreBackup(target, blob, PASS, { now: DAY + 400_000 });
      expect(r.gap).toMatchObject({ from: 2, to: 2 + RESTORE_SEQUENCE_GAP });
      signInForTest(target, 'officer');
      const next = await receiveDossier(target, receiveData(), DAY + 500_000);
      expect(next.code).toBe(`000.17.22.H56-261123-${String(3 + RESTORE_SEQUENCE_GAP).padStart(4, '0')}`);
    });
  
    it('the daily backup runs through the host when due, only once an administrator turned it on, and the file restores', async () => {
      // An Electron-like host: a folder of files, pieces appended in order.
      const files = new Map<string, Uint8Array[]>();
      const secrets = memorySecrets();
      const fakeHost = {
        ...secrets,
        appInfo: async () => ({ shell: 'electron' as const }),
        backupFolder: async () => ({ folder: '/saoluu' }),
        backupWrite: async (r: { name: string; part: Uint8Array; first: boolean; last: boolean; keep: number }) => {
          if (r.first) files.set(r.name, []);
          files.get(r.name)!.push(r.part);
          return { ok: true as const, location: `/saoluu/${r.name}` };
        },
      };
      setSession(source, null);
      expect(await runDueBackup(source, fakeHost, DAY)).toBe('not_configured');
      signInForTest(source, 'officer');
      await expect(saveBackupSchedule(source, true, 7)).rejects.toBeInstanceOf(PermissionError);
      signInForTest(source, 'admin');
      await saveBackupSchedule(source, true, 7);
      expect(await runDueBackup(source, fakeHost, DAY)).toBe('not_configured'); // no passphrase kept yet
      await secrets.secretSet({ key: BACKUP_PASSPHRASE_SECRET, value: PASS });
      setSession(source, null); // whoever is at the desk, or nobody
      const made = await runDueBackup(source, fakeHost, DAY);
      expect(made).toMatchObject({ counts: { dossiers: 2 } });
      expect(await runDueBackup(source, fakeHost, DAY + 3_600_000)).toBe('not_due');
      expect(await readLastBackup(source)).toMatchObject({ auto: true, actor: 'Sao lưu tự động' });
      const [name, parts] = [...files][0];
      expect(name).toMatch(/^motcua-\d{8}-\d{6}\.mcbk$/);
      const r = await restoreBackup(target, new Blob(parts as BlobPart[]), PASS);
      expect(r.counts.dossiers).toBe(2);
      expect(await target.dossiers.count()).toBe(2);
    });
  });
}

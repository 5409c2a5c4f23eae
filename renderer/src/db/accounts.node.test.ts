import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from './db';
import { AccountError, createAccount, createFirstAdmin, lockScreen, login, removeAccount, resetPassword, unlockScreen, verifyPassword } from './accounts';
import { getSession, PermissionError, setSession } from './session';
import { receiveDossier, transitionDossier, recordRead } from './dossiers';
import { saveCodePattern, saveSetup, ensureCatalog } from './settings';
import { verifyAuditChain } from './audit';
import { receiveData } from './dossiers.cases';
import { SAMPLE_DESK, SAMPLE_OFFICE } from '../../../test/fixtures/dossiers';

describe('accounts, login, lock and permissions', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`acc-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    setSession(db, null);
    await db.delete();
  });

  it('PBKDF2-SHA-256 matches the RFC 7914 §11 test vector (P="passwd", S="salt", c=1)', async () => {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64) starts 55ac046e56e3089f…
    const salt = btoa('salt');
    expect(await verifyPassword('passwd', `pbkdf2-sha256$1$${salt}$${btoa(String.fromCharCode(...hex('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc')))}`)).toBe(true);
    expect(await verifyPassword('passwd2', `pbkdf2-sha256$1$${salt}$${btoa(String.fromCharCode(...hex('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc')))}`)).toBe(false);
  });

  it('first run creates the administrator once; the password is stored only as a hash', async () => {
    await createFirstAdmin(db, { username: 'Admin', displayName: 'Lò Thị Hương', password: 'mat-khau-1' });
    expect(getSession(db)).toMatchObject({ username: 'admin', role: 'admin' });
    const [row] = await db.accounts.toArray();
    expect(row.passwordHash).toMatch(/^pbkdf2-sha256\$2400000\$/);
    expect(JSON.stringify(await db.audit.toArray())).not.toContain('mat-khau-1');
    await expect(createFirstAdmin(db, { username: 'x2', displayName: 'X', password: 'mat-khau-2' })).rejects.toThrow(AccountError);
  });

  it('login offline; failures slow down and then lock the account; the admin reset unlocks it', async () => {
    await createFirstAdmin(db, { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await createAccount(db, { username: 'binh', displayName: 'Trần Thị Bình', role: 'officer', password: 'binh-1234' });
    setSession(db, null);
    let t = 1_000_000;
    const now = () => t;
    for (let i = 0; i < 4; i++) await expect(login(db, 'binh', 'wrong', { now, slowMs: 1 })).rejects.toThrow('Sai tên đăng nhập hoặc mật khẩu.');
    await expect(login(db, 'binh', 'wrong', { now, slowMs: 1 })).rejects.toThrow(/tạm khóa/);
    // Even the right password is refused while locked.
    await expect(login(db, 'binh', 'binh-1234', { now, slowMs: 1 })).rejects.toThrow(/tạm khóa/);
    t += 16 * 60_000;
    expect(await login(db, 'binh', 'binh-1234', { now, slowMs: 1 })).toMatchObject({ role: 'officer', displayName: 'Trần Thị Bình' });
    // The officer cannot reset passwords; the admin can.
    const binh = (await db.accounts.where('username').equals('binh').first())!;
    await expect(resetPassword(db, binh.id, 'new-pass-1')).rejects.toThrow(/không có quyền quản lý tài khoản/);
    await login(db, 'admin', 'mat-khau-1', { slowMs: 1 });
    await resetPassword(db, binh.id, 'new-pass-1');
    await login(db, 'binh', 'new-pass-1', { slowMs: 1 });
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(5);
  });

  it('the last administrator cannot be removed', async () => {
    const s = await createFirstAdmin(db, { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await expect(removeAccount(db, s.accountId)).rejects.toThrow(/quản trị viên cuối cùng/);
    const other = await createAccount(db, { username: 'admin2', displayName: 'QT 2', role: 'admin', password: 'mat-khau-2' });
    await removeAccount(db, other.id);
    expect(await db.accounts.count()).toBe(1);
  });

  it('lock keeps the session; only the same password unlocks; commands refused while locked', async () => {
    await createFirstAdmin(db, { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await lockScreen(db, 'shortcut');
    await expect(saveCodePattern(db, '{agency}-{yymmdd}-{seq4}')).rejects.toThrow(/Màn hình đang khóa/);
    await expect(unlockScreen(db, 'wrong', { slowMs: 1 })).rejects.toThrow(AccountError);
    await unlockScreen(db, 'mat-khau-1', { slowMs: 1 });
    expect(getSession(db)?.locked).toBe(false);
  });

  it('permissions are enforced in the commands, refusals in Vietnamese; the actor is the account', async () => {
    await createFirstAdmin(db, { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await ensureCatalog(db);
    await saveSetup(db, SAMPLE_OFFICE, SAMPLE_DESK);
    await createAccount(db, { username: 'buudien', displayName: 'Nhân viên BĐ', role: 'postal', password: 'buudien-1' });
    await createAccount(db, { username: 'lanhdao', displayName: 'Lãnh đạo', role: 'supervisor', password: 'lanhdao-1' });
    await login(db, 'buudien', 'buudien-1', { slowMs: 1 });
    const d = await receiveDossier(db, receiveData());
    expect(d.officerName).toBe('Nhân viên BĐ');
    await expect(transitionDossier(db, d.id, 'hand_over', {})).rejects.toThrow(new PermissionError('Tài khoản "Nhân viên BĐ" (Nhân viên bưu điện) không có quyền chuyển trạng thái hồ sơ.'));
    await login(db, 'lanhdao', 'lanhdao-1', { slowMs: 1 });
    await expect(receiveDossier(db, receiveData())).rejects.toThrow(/không có quyền tiếp nhận hồ sơ/);
    await expect(saveCodePattern(db, '{agency}')).rejects.toThrow(/không có quyền thay đổi thiết lập/);
    await recordRead(db, 'dossier_viewed', { dossierId: d.id });
    await recordRead(db, 'searched_id', { idNumber: '001095012345' });
    const events = await db.audit.orderBy('seq').toArray();
    const received = events.find((e) => e.action === 'received')!;
    expect(received.actor).toBe('Nhân viên BĐ');
    expect(received.actorId).toBe((await db.accounts.where('username').equals('buudien').first())!.id);
    expect(events.at(-1)).toMatchObject({ action: 'searched_id', actor: 'Lãnh đạo', summary: 'Tìm theo số CCCD 0010••••2345' });
    setSession(db, null);
    await expect(receiveDossier(db, receiveData())).rejects.toThrow(/Chưa đăng nhập/);
  });

  it('a tampered, deleted or reordered audit event is found by the integrity check', async () => {
    await createFirstAdmin(db, { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await ensureCatalog(db);
    await saveSetup(db, SAMPLE_OFFICE, SAMPLE_DESK);
    await receiveDossier(db, receiveData());
    const ok = await verifyAuditChain(db);
    expect(ok).toMatchObject({ ok: true, firstBreak: null });
    expect(ok.checked).toBeGreaterThanOrEqual(4);
    // Someone edits the third event directly in IndexedDB, around the application.
    const raw = new Dexie(db.name);
    await raw.open();
    const third = (await raw.table('audit').orderBy('seq').toArray())[2];
    await raw.table('audit').put({ ...third, summary: 'Sửa lén' });
    raw.close();
    const broken = await verifyAuditChain(db);
    expect(broken).toMatchObject({ ok: false, firstBreak: { index: 2, id: third.id, reason: 'hash_mismatch', summary: 'Sửa lén' } });
  });
});

function hex(h: string): number[] {
  return h.match(/../g)!.map((x) => parseInt(x, 16));
}

// Local accounts: first administrator, login (offline), slow-down and lock-out, password reset,
// removal (never the last administrator), screen lock and unlock. Passwords are hashed with
// PBKDF2-SHA-256 (WebCrypto) at a high iteration count, never stored or logged in clear.
import { ROLE_LABEL_VI, ROLES, type Role } from '@shared/domain/roles';
import type { Account, DeskDb } from './db';
import { auditEvent, newId } from './records';
import { PermissionError, getSession, requirePermission, setSession, type Session } from './session';

/**
 * Tuned so that one login costs 200–1000 ms on a desk PC (bench: login_ms). In Chromium on a quiet
 * 2-core machine 1,800,000 measured 219.5 ms, just above the floor: 2,400,000 leaves room for a faster PC.
 */
export const PBKDF2_ITERATIONS = 2_400_000;
/** Failures before each further try waits, and before the account locks. */
export const SLOW_AFTER = 3;
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(await pbkdf2(password, salt, iterations))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256') return false;
  const got = await pbkdf2(password, unb64(salt), Number(iter));
  const want = unb64(hash);
  let diff = got.length ^ want.length;
  for (let i = 0; i < Math.min(got.length, want.length); i++) diff |= got[i] ^ want[i];
  return diff === 0;
}

export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

const normUsername = (u: string) => u.normalize('NFC').trim().toLowerCase();

function checkNew(a: NewAccount) {
  if (!/^[a-z0-9._-]{3,32}$/.test(normUsername(a.username))) throw new AccountError('Tên đăng nhập gồm 3–32 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.');
  if (!a.displayName.trim()) throw new AccountError('Cần họ tên hiển thị (người ký trên biểu mẫu).');
  if (a.password.length < 8) throw new AccountError('Mật khẩu cần ít nhất 8 ký tự.');
  if (!ROLES.includes(a.role)) throw new AccountError('Vai trò không hợp lệ.');
}

const sessionOf = (a: Account): Session => ({ accountId: a.id, username: a.username, displayName: a.displayName, role: a.role, locked: false });

/** The public view of an account, without its password hash. */
export type AccountView = Omit<Account, 'passwordHash'>;

export async function listAccounts(db: DeskDb): Promise<AccountView[]> {
  return (await db.accounts.orderBy('username').toArray()).map(({ passwordHash: _omit, ...a }) => a);
}

export async function hasAccounts(db: DeskDb): Promise<boolean> {
  return (await db.accounts.count()) > 0;
}

/** First run: the desk's administrator. Refused once any account exists. Logs the new admin in. */
export async function createFirstAdmin(db: DeskDb, input: Omit<NewAccount, 'role'>, now = Date.now()): Promise<Session> {
  const a: NewAccount = { ...input, role: 'admin' };
  checkNew(a);
  const passwordHash = await hashPassword(a.password);
  const account: Account = { id: newId(), username: normUsername(a.username), displayName: a.displayName.trim(), role: 'admin', passwordHash, failedAttempts: 0, lockedUntil: 0, createdAt: now };
  await db.transaction('rw', [db.accounts, db.audit], async () => {
    if ((await db.accounts.count()) > 0) throw new AccountError('Quầy đã có tài khoản quản trị: hãy đăng nhập.');
    await db.accounts.add(account);
    await db.audit.add(auditEvent({ dossierId: null, action: 'account_created', actor: account.displayName, actorId: account.id, summary: `Tạo tài khoản quản trị đầu tiên: ${account.username}`, at: now, detail: { username: account.username, role: 'admin' } }));
  });
  const s = sessionOf(account);
  setSession(db, s);
  return s;
}

export async function createAccount(db: DeskDb, input: NewAccount, now = Date.now()): Promise<AccountView> {
  requirePermission(db, 'accounts');
  checkNew(input);
  const passwordHash = await hashPassword(input.password);
  const account: Account = { id: newId(), username: normUsername(input.username), displayName: input.displayName.trim(), role: input.role, passwordHash, failedAttempts: 0, lockedUntil: 0, createdAt: now };
  await db.transaction('rw', [db.accounts, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'accounts');
    if (await db.accounts.where('username').equals(account.username).count()) throw new AccountError(`Tên đăng nhập "${account.username}" đã có.`);
    await db.accounts.add(account);
    await db.audit.add(auditEvent({ dossierId: null, action: 'account_created', actor, actorId, summary: `Tạo tài khoản ${account.username} (${ROLE_LABEL_VI[account.role]})`, at: now, detail: { username: account.username, role: account.role } }));
  });
  const { passwordHash: _omit, ...view } = account;
  return view;
}

export async function resetPassword(db: DeskDb, accountId: string, password: string, now = Date.now()): Promise<void> {
  requirePermission(db, 'accounts');
  if (password.length < 8) throw new AccountError('Mật khẩu cần ít nhất 8 ký tự.');
  const passwordHash = await hashPassword(password);
  await db.transaction('rw', [db.accounts, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'accounts');
    const a = await db.accounts.get(accountId);
    if (!a) throw new AccountError('Không tìm thấy tài khoản.');
    await db.accounts.put({ ...a, passwordHash, failedAttempts: 0, lockedUntil: 0 });
    await db.audit.add(auditEvent({ dossierId: null, action: 'password_reset', actor, actorId, summary: `Đặt lại mật khẩu cho ${a.username}`, at: now, detail: { username: a.username } }));
  });
}

export async function removeAccount(db: DeskDb, accountId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.accounts, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'accounts');
    const a = await db.accounts.get(accountId);
    if (!a) throw new AccountError('Không tìm thấy tài khoản.');
    if (a.role === 'admin' && (await db.accounts.filter((x) => x.role === 'admin').count()) <= 1) {
      throw new AccountError('Không xóa được quản trị viên cuối cùng của quầy: hãy tạo một quản trị viên khác trước.');
    }
    if (a.id === actorId) throw new AccountError('Không tự xóa tài khoản đang đăng nhập.');
    await db.accounts.delete(accountId);
    await db.audit.add(auditEvent({ dossierId: null, action: 'account_removed', actor, actorId, summary: `Xóa tài khoản ${a.username} (${ROLE_LABEL_VI[a.role]})`, at: now, detail: { username: a.username } }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hhmm = (t: number) => new Date(t).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });

/** Checks a password for an account, counting failures (slow-down, then lock-out), with its audit event. */
async function checkCredentials(db: DeskDb, username: string, password: string, now: () => number, slowMs: number): Promise<Account> {
  const name = normUsername(username);
  const a = await db.accounts.where('username').equals(name).first();
  if (!a) {
    await sleep(slowMs);
    throw new AccountError('Sai tên đăng nhập hoặc mật khẩu.');
  }
  if (a.lockedUntil > now()) throw new AccountError(`Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần, thử lại sau ${hhmm(a.lockedUntil)} hoặc nhờ quản trị viên đặt lại mật khẩu.`);
  if (a.failedAttempts >= SLOW_AFTER) await sleep(slowMs * (a.failedAttempts - SLOW_AFTER + 1));
  const ok = await verifyPassword(password, a.passwordHash);
  const at = now();
  const failed = ok ? 0 : a.failedAttempts + 1;
  const lockedUntil = !ok && failed >= LOCK_AFTER ? at + LOCK_MS : 0;
  await db.transaction('rw', [db.accounts, db.audit], async () => {
    const cur = await db.accounts.get(a.id);
    if (!cur) return;
    await db.accounts.put({ ...cur, failedAttempts: failed, lockedUntil });
    await db.audit.add(
      auditEvent({ dossierId: null, action: ok ? 'login' : 'login_failed', actor: a.displayName, actorId: a.id, summary: ok ? `Đăng nhập: ${a.username}` : `Đăng nhập sai mật khẩu: ${a.username} (lần ${failed})${lockedUntil ? ', tài khoản tạm khóa' : ''}`, at, detail: { username: a.username } }),
    );
  });
  if (!ok) {
    if (lockedUntil) throw new AccountError(`Sai mật khẩu ${failed} lần: tài khoản tạm khóa đến ${hhmm(lockedUntil)}.`);
    throw new AccountError('Sai tên đăng nhập hoặc mật khẩu.');
  }
  return a;
}

export async function login(db: DeskDb, username: string, password: string, opts: { now?: () => number; slowMs?: number } = {}): Promise<Session> {
  const a = await checkCredentials(db, username, password, opts.now ?? Date.now, opts.slowMs ?? 1000);
  const s = sessionOf(a);
  setSession(db, s);
  return s;
}

export async function logout(db: DeskDb, now = Date.now()): Promise<void> {
  const s = getSession(db);
  if (!s) return;
  await db.transaction('rw', [db.audit], async () => {
    await db.audit.add(auditEvent({ dossierId: null, action: 'logout', actor: s.displayName, actorId: s.accountId, summary: `Đăng xuất: ${s.username}`, at: now }));
  });
  setSession(db, null);
}

export async function lockScreen(db: DeskDb, reason: 'idle' | 'shortcut', now = Date.now()): Promise<void> {
  const s = getSession(db);
  if (!s || s.locked) return;
  setSession(db, { ...s, locked: true });
  await db.transaction('rw', [db.audit], async () => {
    await db.audit.add(auditEvent({ dossierId: null, action: 'screen_locked', actor: s.displayName, actorId: s.accountId, summary: reason === 'idle' ? 'Khóa màn hình do không thao tác' : 'Khóa màn hình', at: now }));
  });
}

/** Only the locked account's own password unlocks; another account logs in fresh (login). */
export async function unlockScreen(db: DeskDb, password: string, opts: { now?: () => number; slowMs?: number } = {}): Promise<Session> {
  const s = getSession(db);
  if (!s) throw new PermissionError('Chưa đăng nhập.');
  const a = await checkCredentials(db, s.username, password, opts.now ?? Date.now, opts.slowMs ?? 1000);
  const next = { ...sessionOf(a), locked: false };
  setSession(db, next);
  return next;
}

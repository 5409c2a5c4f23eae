// Who is running the admin command line, and what it may show.
//
// Authentication is the operating system's: the data folder is 0700 and its files 0600, so only the
// account that runs the server (or root) can open a SQLite store at all, and the command line refuses to
// run as any other account rather than fail half-way. With PostgreSQL the database role is the credential
// (pg_hba.conf, a password in .pgpass or the URL). An admin token file beside the store would protect
// nothing more than those permissions already do, and would be one more secret to leak. Every action is
// recorded in the database with the OS account, the database role and the name given with --as.
import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { HoSo } from '../shared/sync/contract';
import { maskIdNumber, maskPhone } from '../shared/privacy/mask';
import { ProvinceError } from './store';

export function adminActor(dataDir: string | null, as: string | undefined, dbRole: string | null): string {
  const me = userInfo();
  if (dataDir) {
    const owner = statSync(dataDir).uid;
    if (process.getuid && process.getuid() !== 0 && process.getuid() !== owner) {
      throw new ProvinceError('bad_request', `Tài khoản ${me.username} không phải chủ thư mục dữ liệu của tỉnh: hãy chạy lệnh quản trị bằng tài khoản chạy máy chủ.`);
    }
  }
  const who = [`os:${me.username}`];
  if (dbRole) who.push(`db:${dbRole}`);
  if (as) who.push(`as:${as.replace(/[^\p{L}\p{N} .'-]/gu, '').slice(0, 100)}`);
  return who.join(' ');
}

const hidden = (v: string) => (v ? '•••' : '');

/** A record for the admin's terminal: the citizen's name, number, phone, e-mail, address and birth date hidden. */
export function maskRecord(h: HoSo): HoSo {
  return {
    ...h,
    ChuHoSo: hidden(h.ChuHoSo),
    MaDoiTuong: maskIdNumber(h.MaDoiTuong),
    SoDienThoai: maskPhone(h.SoDienThoai),
    Email: hidden(h.Email),
    applicantAddress: hidden(h.applicantAddress),
    applicantDateOfBirth: hidden(h.applicantDateOfBirth),
    collectedBy: hidden(h.collectedBy),
  };
}

/** What an admin command did, for the trail: the command's options by name, with values only where they are not personal. */
export function describeAdminArgs(values: Record<string, unknown>): string {
  const SAFE = new Set(['agency', 'desks', 'desk', 'hours', 'device', 'all', 'status', 'code', 'at', 'kind', 'json', 'reveal', 'since', 'limit', 'pattern']);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === false || v === '' || k === 'data-dir' || k === 'database-url' || k === 'help' || k === 'as') continue;
    parts.push(SAFE.has(k) ? `--${k}=${String(v)}` : `--${k}`);
  }
  return parts.join(' ').slice(0, 1000);
}

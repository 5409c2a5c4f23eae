// Who is logged in on this desk, per database connection. Commands read it to know their actor and
// to check the role; the screens subscribe to it.
import { can, PERMISSION_LABEL_VI, ROLE_LABEL_VI, type Permission, type Role } from '@shared/domain/roles';
import type { DeskDb } from './db';

export interface Session {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The screen is locked: commands are refused until the same account unlocks it. */
  locked: boolean;
}

const sessions = new WeakMap<DeskDb, Session>();
const listeners = new Set<() => void>();

export function getSession(db: DeskDb): Session | null {
  return sessions.get(db) ?? null;
}

export function setSession(db: DeskDb, s: Session | null): void {
  if (s) sessions.set(db, s);
  else sessions.delete(db);
  listeners.forEach((l) => l());
}

export function subscribeSession(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** A refused action, explained to the user in Vietnamese. */
export class PermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionError';
  }
}

export interface Actor {
  actor: string;
  actorId: string | null;
}

/** The logged-in account, if it may do `p`; otherwise a PermissionError saying why. */
export function requirePermission(db: DeskDb, p: Permission): Actor & { session: Session } {
  const s = getSession(db);
  if (!s) throw new PermissionError(`Chưa đăng nhập: cần đăng nhập để ${PERMISSION_LABEL_VI[p]}.`);
  if (s.locked) throw new PermissionError('Màn hình đang khóa: mở khóa bằng mật khẩu của tài khoản để tiếp tục.');
  if (!can(s.role, p)) throw new PermissionError(`Tài khoản "${s.displayName}" (${ROLE_LABEL_VI[s.role]}) không có quyền ${PERMISSION_LABEL_VI[p]}.`);
  return { actor: s.displayName, actorId: s.accountId, session: s };
}

/** The actor of events that need no permission (the seed catalog, the province's updates). */
export function currentActor(db: DeskDb): Actor {
  const s = getSession(db);
  return s ? { actor: s.displayName, actorId: s.accountId } : { actor: 'Hệ thống', actorId: null };
}

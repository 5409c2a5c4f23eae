export { FirstAdminForm, LoginForm, LockScreen } from './AuthScreens';
export { AccountsPanel } from './AccountsPanel';
export { AuditIntegrityPanel } from './AuditIntegrityPanel';
export { useSession } from './useSession';
export { useIdleLock } from './useIdleLock';

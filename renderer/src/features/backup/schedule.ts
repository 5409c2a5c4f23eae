// The automatic daily backup (Electron): checked a minute after start and then every 15 minutes, in one
// window at a time (Web Lock); it runs only when an administrator turned it on (db/backup.ts runDueBackup).
import { notifications } from '@mantine/notifications';
import i18n from '../../i18n';
import { db } from '../../db/instance';
import { runDueBackup } from '../../db/backup';
import { describeWriteError } from '../../db/errors';
import { host } from '../../host';

let started = false;

export function startBackupScheduler(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const tick = async () => {
    const attempt = async () => {
      try {
        await runDueBackup(db, host);
      } catch (e) {
        notifications.show({ color: 'red', autoClose: false, title: i18n.t('backup.title'), message: describeWriteError(e) });
      }
    };
    if (navigator.locks) await navigator.locks.request('mot-cua-backup', { ifAvailable: true }, (lock) => (lock ? attempt() : undefined));
    else await attempt();
  };
  setTimeout(() => void tick(), 60_000);
  setInterval(() => void tick(), 15 * 60_000);
}

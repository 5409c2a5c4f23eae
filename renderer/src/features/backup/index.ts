export { BackupPanel } from './BackupPanel';
export { RestoreForm } from './RestoreForm';
export { BackupBanners } from './BackupBanners';
export { startBackupScheduler } from './schedule';
export { RetentionPanel } from './RetentionPanel';

// What the rest of the app mounts: SyncIndicator (header), DossierSyncState and DossierFilesState (dossier page), SyncAdminPanel (settings).
export { SyncIndicator } from './SyncIndicator';
export { DossierSyncState } from './DossierSyncState';
export { SyncAdminPanel } from './SyncAdminPanel';
export { DossierFilesState } from './DossierFilesState';

import { backupCases } from './backup.cases';

backupCases('Chromium, IndexedDB');

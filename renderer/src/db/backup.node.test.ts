import 'fake-indexeddb/auto';
import { backupCases } from './backup.cases';

backupCases('Node, fake-indexeddb');

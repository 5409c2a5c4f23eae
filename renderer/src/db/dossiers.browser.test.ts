import { dossierRepositoryCases } from './dossiers.cases';

dossierRepositoryCases('Chromium, IndexedDB');

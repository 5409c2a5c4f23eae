import 'fake-indexeddb/auto';
import { dossierRepositoryCases } from './dossiers.cases';

dossierRepositoryCases('Node, fake-indexeddb');

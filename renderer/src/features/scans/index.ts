export { DossierScansCard } from './DossierScansCard';
export { ScanSettingsPanel } from './ScanSettingsPanel';

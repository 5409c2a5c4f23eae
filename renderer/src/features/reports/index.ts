export { ReportsPage } from './ReportsPage';
export { PaymentModal } from './PaymentModal';

// Retention: a returned dossier older than the desk's retention period, and confirmed by the province
// (every change of it sent, no open conflict), may lose its personal data on the desk. The province is
// the archive; the desk keeps what it counts with: code, procedure, dates, status, desk, fee.
import type { Dossier } from './dossier';
import { dossierSearchTokens } from './reception';

export const DEFAULT_RETENTION_DAYS = 5 * 365;
export const MIN_RETENTION_DAYS = 30;
export const PURGED_NAME = '(đã xóa dữ liệu cá nhân)';

export function retentionProblem(days: number): string | null {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > 100 * 365) return `Thời hạn lưu phải là số ngày từ ${MIN_RETENTION_DAYS} đến ${100 * 365}.`;
  return null;
}

/** Returned long enough ago, and not yet purged. (Whether the province confirmed it is the caller's to check.) */
export function pastRetention(d: Dossier, now: number, days: number): boolean {
  return d.status === 'returned' && !d.purgedAt && d.returnedAt != null && d.returnedAt < now - days * 86_400_000;
}

/** The dossier without the applicant's personal data. */
export function withoutPersonalData(d: Dossier, now: number): Dossier {
  const purged: Dossier = {
    ...d,
    applicant: { fullName: PURGED_NAME, idNumber: '', dateOfBirth: d.applicant.dateOfBirth.slice(0, 4) + '-01-01', gender: d.applicant.gender, address: '', phone: '', email: '' },
    note: '',
    collectedBy: '',
    extensions: d.extensions?.map((e) => ({ ...e, reason: '' })),
    purgedAt: now,
  };
  if (!d.extensions) delete purged.extensions;
  purged.searchTokens = dossierSearchTokens({ ...purged, applicant: { ...purged.applicant, fullName: '' } });
  return purged;
}

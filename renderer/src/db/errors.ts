import i18n from '../i18n';
import { CodePatternError, CodeSpaceExhaustedError } from '@shared/codes/dossierCode';
import { ReceptionError } from '@shared/domain/reception';
import { TransitionError } from '@shared/domain/transitions';
import { PermissionError } from './session';
import { AccountError } from './accounts';
import { BackupError } from '@shared/backup/format';
import { HostError } from '@shared/host/contract';
import { BatchError } from '@shared/postal/batch';
import { PostalReturnError } from '@shared/postal/returnPost';
import { ScanError } from '@shared/scans/rules';
import { ZodError } from 'zod';
import { issueMessages } from '@shared/validation/issues';

/** A clear, Vietnamese explanation of why a write failed. Rules' own errors already speak to the officer. */
export function describeWriteError(error: unknown): string {
  if (
    error instanceof ReceptionError ||
    error instanceof TransitionError ||
    error instanceof PermissionError ||
    error instanceof AccountError ||
    error instanceof CodeSpaceExhaustedError ||
    error instanceof CodePatternError ||
    error instanceof BackupError ||
    error instanceof HostError ||
    error instanceof BatchError ||
    error instanceof PostalReturnError ||
    error instanceof ScanError
  ) {
    return error.message;
  }
  // A setting checked by its schema (the province's waybill forms) explains itself.
  if (error instanceof ZodError) return issueMessages(error.issues);
  const e = error as { name?: string; message?: string; inner?: { name?: string } };
  const names = [e?.name, e?.inner?.name];
  if (names.includes('QuotaExceededError')) return i18n.t('errors.quota');
  if (names.includes('ConstraintError')) return i18n.t('errors.constraint');
  if (names.includes('DatabaseClosedError') || names.includes('InvalidStateError')) return i18n.t('errors.closed');
  return i18n.t('errors.unknown', { message: e?.message ?? String(error) });
}

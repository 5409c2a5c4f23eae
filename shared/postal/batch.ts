// Handover batches (biên bản bàn giao): postal staff hand the desk the dossiers they collected, and the
// desk hands the post the results to deliver. The batch row holds who confirmed each dossier, so the
// dossier rows (and what they send to the province) do not change when a batch is made or confirmed.
import { codeDay } from '../codes/dossierCode';

export type BatchKind = 'intake' | 'return';

export const BATCH_KIND_LABEL_VI: Record<BatchKind, string> = {
  intake: 'Bưu điện bàn giao hồ sơ cho Bộ phận một cửa',
  return: 'Bộ phận một cửa bàn giao kết quả cho bưu điện',
};

export interface BatchConfirmation {
  dossierId: string;
  at: number;
  by: string;
  byId: string | null;
}

export interface PostalBatch {
  id: string;
  /** BG (intake) or BT (return), the desk, the day, a sequence: "BG-1-261202-03". */
  code: string;
  kind: BatchKind;
  createdAt: number;
  createdBy: string;
  createdById: string | null;
  dossierIds: string[];
  /** Intake: each dossier the officer has checked in; return: each the post took. */
  confirmations: BatchConfirmation[];
  note: string;
}

export const MAX_BATCH_SIZE = 200;

export class BatchError extends Error {}

/** The next batch code of the day for this desk, given the codes this desk already issued that day. */
export function nextBatchCode(kind: BatchKind, deskNo: number, now: number, existing: readonly string[]): string {
  const prefix = `${kind === 'intake' ? 'BG' : 'BT'}-${deskNo}-${codeDay(now)}-`;
  const used = existing.filter((c) => c.startsWith(prefix)).map((c) => Number(c.slice(prefix.length))).filter(Number.isFinite);
  const next = (used.length ? Math.max(...used) : 0) + 1;
  return `${prefix}${String(next).padStart(2, '0')}`;
}

export function batchProgress(b: Pick<PostalBatch, 'dossierIds' | 'confirmations'>): { total: number; confirmed: number; done: boolean } {
  const confirmed = new Set(b.confirmations.map((c) => c.dossierId)).size;
  return { total: b.dossierIds.length, confirmed, done: confirmed === b.dossierIds.length };
}

import { vnDayBounds } from '../calendar/vnTime';
import type { Dossier } from './dossier';
import { isFinal } from './status';

export type DeadlineState = 'overdue' | 'due_today' | null;

/**
 * Due today or overdue, for highlighting. A dossier already processed or ended is no longer at risk, and
 * one waiting for the citizen has its clock stopped.
 */
export function deadlineState(d: Pick<Dossier, 'status' | 'appointmentAt' | 'pausedAt'>, now: number): DeadlineState {
  if (isFinal(d.status) || d.status === 'processed' || d.pausedAt != null) return null;
  if (d.appointmentAt < now) return 'overdue';
  return d.appointmentAt < vnDayBounds(now).end ? 'due_today' : null;
}


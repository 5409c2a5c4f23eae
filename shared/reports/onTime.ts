// The one on-time rule (DOMAIN.md): a dossier is on time when it is finished no later than its
// appointment, and the time it waited for the citizen (a supplement, a payment) does not count.
// The desk's dashboard and report, and the province's `report` command, all judge through this module.
import { vnDateKey } from '../calendar/vnTime';

/** What the rule needs to know of a dossier, on the desk (Dossier) or at the province (HoSo). */
export interface OnTimeInput {
  /** The appointment as it stands: moved by every pause (deriveStatusFields) and by every apology (form 04). */
  appointmentAt: number;
  /** When processing finished (processed, or ended without a result); null while it runs. */
  finishedAt: number | null;
  /** Set while the dossier waits for the citizen: the clock is stopped since then. */
  pausedAt: number | null;
  /** Apologies with a new appointment (form 04): they do not make a late dossier on time. */
  extensions?: readonly { previousAppointmentAt: number; newAppointmentAt: number }[];
}

/**
 * The deadline the dossier is judged by: the appointment with the paused time added (the desk and the
 * province move the appointment by the paused working time when the citizen comes back), minus the
 * moves of an apology. Each apology moved the appointment from `previous` to `new`; taking those
 * moves back leaves the promised appointment plus the pauses only.
 */
export function countedDeadline(d: OnTimeInput): number {
  let deadline = d.appointmentAt;
  for (const e of d.extensions ?? []) deadline -= Math.max(0, e.newAppointmentAt - e.previousAppointmentAt);
  return deadline;
}

export type Resolution = 'early' | 'on_time' | 'late';

/**
 * A finished dossier: early when finished on a day before the deadline's day, on time when finished on
 * the deadline's day no later than the deadline, late after it. Days are Vietnamese calendar days.
 */
export function resolutionOf(finishedAt: number, deadline: number): Resolution {
  if (finishedAt > deadline) return 'late';
  return vnDateKey(finishedAt) < vnDateKey(deadline) ? 'early' : 'on_time';
}

/**
 * A dossier still being processed at `at`: past its deadline or not. A dossier waiting for the citizen
 * since `pausedAt` is judged at the moment it stopped, since the waiting time does not count.
 */
export function isOverdueAt(deadline: number, pausedAt: number | null, at: number): boolean {
  const clock = pausedAt != null && pausedAt <= at ? pausedAt : at;
  return clock > deadline;
}

/** The whole rule for one dossier at `at`: its resolution if finished by then, else whether it is overdue. */
export function judge(d: OnTimeInput, at: number): { finished: true; resolution: Resolution } | { finished: false; overdue: boolean } {
  const deadline = countedDeadline(d);
  if (d.finishedAt != null && d.finishedAt <= at) return { finished: true, resolution: resolutionOf(d.finishedAt, deadline) };
  return { finished: false, overdue: isOverdueAt(deadline, d.pausedAt, at) };
}

import type { DateKey } from './vnTime';

export type { DateKey };

/**
 * How a procedure's legal processing time is expressed (thời hạn giải quyết):
 * - same_day: "trong ngày" — returned at closing time if received before the cut-off;
 * - hours: working hours inside office hours;
 * - working_days: ngày làm việc;
 * - days: calendar days (ngày), moved to a working day at the end.
 */
export type ProcessingUnit = 'same_day' | 'hours' | 'working_days' | 'days';

/** same_day: value ignored (use 0). */
export interface ProcessingTime {
  unit: ProcessingUnit;
  value: number;
}

/**
 * One entry of the editable, synced calendar. 'off' is an extra day off (e.g. a day the Prime
 * Minister moved, a local event); 'work' is a make-up working day (làm bù) on a weekend or a
 * computed holiday. Overrides beat the computed default both ways.
 */
export interface CalendarOverride {
  date: DateKey;
  kind: 'off' | 'work';
  note: string;
}

/**
 * A day the desk added itself. 'unsure' marks a row carried over from before the desk kept its own days
 * apart, while the province's calendar was already applied: it may be a copy of a province row.
 */
export interface DeskCalendarDay extends CalendarOverride {
  origin: 'desk' | 'unsure';
}

/** A calendar entry as the officer sees it, with who owns it. */
export interface CalendarEntry extends CalendarOverride {
  source: 'province' | 'desk';
  /** A province entry that the desk's own entry for the same date replaces. */
  supersededByDesk?: boolean;
}

/**
 * The one rule of calendar ownership: the province's list and the desk's own days are kept apart and
 * merged, and the desk's own day wins on its date (a local decision the province does not know of).
 * The province's entry for that date is kept and shown as replaced, never dropped.
 */
export function mergeCalendar(province: readonly CalendarOverride[], desk: readonly CalendarOverride[]): CalendarEntry[] {
  const deskDates = new Set(desk.map((d) => d.date));
  const entries: CalendarEntry[] = [
    ...province.map((p) => ({ date: p.date, kind: p.kind, note: p.note, source: 'province' as const, ...(deskDates.has(p.date) ? { supersededByDesk: true } : {}) })),
    ...desk.map((d) => ({ date: d.date, kind: d.kind, note: d.note, source: 'desk' as const })),
  ];
  return entries.sort((a, b) => a.date.localeCompare(b.date) || (a.source === 'province' ? -1 : 1));
}

/** The overrides the working-day rules use: the merged calendar, the desk's entry last for its date. */
export function effectiveOverrides(entries: readonly CalendarEntry[]): CalendarOverride[] {
  return entries.filter((e) => !e.supersededByDesk).map(({ date, kind, note }) => ({ date, kind, note }));
}

/** Reception hours, 'HH:mm' in Vietnam time. */
export interface OfficeHours {
  morningStart: string;
  morningEnd: string;
  afternoonStart: string;
  afternoonEnd: string;
}

export interface CalendarConfig {
  /** The commune also receives on Saturday mornings (a service choice; holidays are unchanged). */
  saturdayMorning: boolean;
  /** Default 07:30-11:30, 13:30-17:00. */
  hours: OfficeHours;
  /** 'HH:mm'; a same-day dossier received at or after it is returned the next working day. */
  sameDayCutoff: string;
  /** Editable, synced list; beats the computed default both ways. The last entry for a date wins. */
  overrides: CalendarOverride[];
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  morningStart: '07:30',
  morningEnd: '11:30',
  afternoonStart: '13:30',
  afternoonEnd: '17:00',
});

export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = Object.freeze({
  saturdayMorning: false,
  hours: DEFAULT_OFFICE_HOURS,
  sameDayCutoff: '15:00',
  overrides: Object.freeze([]) as unknown as CalendarOverride[],
}) as CalendarConfig;

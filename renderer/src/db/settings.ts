// The desk's settings: typed reads, and commands that write each change with its audit event in one
// transaction. The province's reference data arrives through sync/apply.ts, under the same rules.
import { DEFAULT_CALENDAR_CONFIG, effectiveOverrides, mergeCalendar, type CalendarConfig, type CalendarEntry, type CalendarOverride } from '@shared/calendar/types';
import { formatDateKey } from '@shared/calendar/vnTime';
import { DEFAULT_CODE_PATTERN } from '@shared/codes/dossierCode';
import { SEED_CATALOG } from '@shared/domain/catalog';
import type { DeskSettings, OfficeSettings } from '@shared/domain/settings';
import { waybillPatternsSchema, type WaybillPattern } from '@shared/postal/waybill';
import { auditEvent } from './records';
import type { DeskDb } from './db';
import { currentActor, requirePermission } from './session';

export type CalendarBase = Omit<CalendarConfig, 'overrides'>;

export interface PrintPreference {
  printer: string; // '' = the system print dialog
  paper: 'A4' | 'A5';
}

/** Every settings row, by key. */
export interface SettingsMap {
  office: OfficeSettings;
  desk: DeskSettings;
  codePattern: string;
  calendar: CalendarBase;
  /** Minutes without input before the screen locks (0 = never). */
  idleLockMinutes: number;
  /** The province's domestic waybill forms, besides UPU S10. */
  waybillPatterns: WaybillPattern[];
  [printKey: `print.${string}`]: PrintPreference;
}
export type SettingKey = keyof SettingsMap & string;

/**
 * Returns Dexie's own promise (not an async function's), so a command may await it anywhere inside its
 * transaction: awaiting a native promise after a write can let IndexedDB commit the transaction early.
 */
export function readSetting<K extends SettingKey>(db: DeskDb, key: K): Promise<SettingsMap[K] | undefined> {
  return db.settings.get(key).then((r) => r?.value as SettingsMap[K] | undefined);
}

/** Writes settings rows. Only inside a command's transaction, which also writes the audit event. */
export async function putSettings(db: DeskDb, rows: Partial<SettingsMap>): Promise<void> {
  await db.settings.bulkPut(Object.entries(rows).map(([key, value]) => ({ key, value })));
}

/** Everything a command needs to know about this desk. Null parts mean first-run setup is not done. */
export interface DeskConfig {
  office: OfficeSettings | null;
  desk: DeskSettings | null;
  codePattern: string;
  calendar: CalendarConfig;
  /** The province's calendar and the desk's own days, with who owns each. */
  calendarEntries: CalendarEntry[];
  waybillPatterns: WaybillPattern[];
}

export async function loadDeskConfig(db: DeskDb): Promise<DeskConfig> {
  // Sequential Dexie reads, no Promise.all: this runs inside commands' transactions too.
  const rows = await db.settings.bulkGet(['office', 'desk', 'codePattern', 'calendar', 'waybillPatterns']);
  const [office, desk, codePattern, calendar, waybillPatterns] = rows.map((r) => r?.value) as [OfficeSettings?, DeskSettings?, string?, CalendarBase?, WaybillPattern[]?];
  const province = await db.calendarOverrides.toArray();
  const own = await db.deskCalendarDays.toArray();
  const calendarEntries = mergeCalendar(province, own);
  return {
    office: office ?? null,
    desk: desk ?? null,
    codePattern: codePattern ?? DEFAULT_CODE_PATTERN,
    calendar: { ...DEFAULT_CALENDAR_CONFIG, ...calendar, overrides: effectiveOverrides(calendarEntries) },
    calendarEntries,
    waybillPatterns: waybillPatterns ?? [],
  };
}

/** Who the desk's events are recorded as: the logged-in account ('Hệ thống' when nobody is). */
export function deskActor(db: DeskDb): string {
  return currentActor(db).actor;
}

async function writeSettingsWithAudit(db: DeskDb, rows: Partial<SettingsMap>, summary: string, now: number, permission: 'settings' | 'print' = 'settings'): Promise<void> {
  await db.transaction('rw', [db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, permission);
    await putSettings(db, rows);
    await db.audit.add(auditEvent({ dossierId: null, action: 'settings_changed', actor, actorId, summary, at: now, detail: { keys: Object.keys(rows).join(',') } }));
  });
}

export async function saveSetup(db: DeskDb, office: OfficeSettings, desk: DeskSettings, now = Date.now()): Promise<void> {
  await writeSettingsWithAudit(db, { office, desk }, `Lưu thông tin cơ quan và quầy (${office.agencyCode}, quầy ${desk.deskNo}/${desk.desksInAgency})`, now);
}

export async function saveCodePattern(db: DeskDb, pattern: string, now = Date.now()): Promise<void> {
  await writeSettingsWithAudit(db, { codePattern: pattern }, `Đổi mẫu mã hồ sơ: ${pattern}`, now);
}

export async function saveCalendarBase(db: DeskDb, calendar: CalendarBase, now = Date.now()): Promise<void> {
  const hours = calendar.hours;
  const summary = `Đổi giờ tiếp nhận: ${hours.morningStart}–${hours.morningEnd}, ${hours.afternoonStart}–${hours.afternoonEnd}; mốc trả trong ngày ${calendar.sameDayCutoff}; ${calendar.saturdayMorning ? 'có' : 'không'} tiếp nhận sáng thứ Bảy`;
  await writeSettingsWithAudit(db, { calendar }, summary, now);
}

const dayLabel = (d: CalendarOverride) => `${formatDateKey(d.date)} (${d.kind === 'off' ? 'nghỉ' : 'làm bù'}${d.note ? `: ${d.note}` : ''})`;

/** A day off or make-up day of the desk's own; a province calendar never removes it. */
export async function addDeskCalendarDay(db: DeskDb, day: CalendarOverride, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.deskCalendarDays, db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'settings');
    await db.deskCalendarDays.put({ ...day, origin: 'desk' });
    await db.audit.add(auditEvent({ dossierId: null, action: 'calendar_changed', actor, actorId, summary: `Thêm ngày của quầy: ${dayLabel(day)}`, at: now, detail: { date: day.date, kind: day.kind } }));
  });
}

export async function removeDeskCalendarDay(db: DeskDb, date: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.deskCalendarDays, db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'settings');
    const day = await db.deskCalendarDays.get(date);
    if (!day) return;
    await db.deskCalendarDays.delete(date);
    await db.audit.add(auditEvent({ dossierId: null, action: 'calendar_changed', actor, actorId, summary: `Bỏ ngày của quầy: ${dayLabel(day)}`, at: now, detail: { date, kind: day.kind } }));
  });
}

/** The province's waybill forms; each is checked (a broken expression is refused) before it is kept. */
export async function saveWaybillPatterns(db: DeskDb, patterns: unknown, now = Date.now()): Promise<void> {
  const parsed = waybillPatternsSchema.parse(patterns);
  const summary = parsed.length ? `Đổi mẫu mã bưu gửi: ${parsed.map((p) => p.name).join(', ')}` : 'Bỏ các mẫu mã bưu gửi riêng (chỉ nhận mã theo chuẩn UPU S10)';
  await writeSettingsWithAudit(db, { waybillPatterns: parsed }, summary, now);
}

export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export async function saveIdleLockMinutes(db: DeskDb, minutes: number, now = Date.now()): Promise<void> {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) throw new RangeError('Thời gian khóa màn hình phải từ 0 đến 240 phút.');
  await writeSettingsWithAudit(db, { idleLockMinutes: minutes }, `Đổi thời gian tự khóa màn hình: ${minutes} phút`, now);
}

/** The seed catalog goes in once; later the province's catalog replaces it through sync. */
export async function ensureCatalog(db: DeskDb, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.procedures, db.settings, db.audit], async () => {
    if ((await db.procedures.count()) > 0) return;
    const actor = deskActor(db);
    await db.procedures.bulkAdd(SEED_CATALOG);
    await db.audit.add(auditEvent({ dossierId: null, action: 'settings_changed', actor, summary: `Nạp danh mục thủ tục mặc định (${SEED_CATALOG.length} thủ tục)`, at: now }));
  });
}

/**
 * A new version of the province's calendar replaces the province's list only. Rows carried over with
 * origin 'unsure' that the province's list holds too (same date and kind) were the province's: they go;
 * every other desk row stays the desk's own. Call inside a transaction over the calendar tables.
 */
export async function replaceProvinceCalendar(db: DeskDb, days: CalendarOverride[]): Promise<void> {
  await db.calendarOverrides.clear();
  await db.calendarOverrides.bulkPut(days);
  const byDate = new Map(days.map((d) => [d.date, d]));
  const unsure = await db.deskCalendarDays.filter((d) => d.origin === 'unsure').toArray();
  for (const row of unsure) {
    if (byDate.get(row.date)?.kind === row.kind) await db.deskCalendarDays.delete(row.date);
    else await db.deskCalendarDays.put({ ...row, origin: 'desk' });
  }
}

/** The printer and paper last used for a form on this desk. */
export async function loadPrintPreference(db: DeskDb, form: string): Promise<PrintPreference | null> {
  return (await readSetting(db, `print.${form}`)) ?? null;
}

export async function savePrintPreference(db: DeskDb, form: string, pref: PrintPreference, now = Date.now()): Promise<void> {
  const previous = await loadPrintPreference(db, form);
  if (previous && previous.printer === pref.printer && previous.paper === pref.paper) return;
  await writeSettingsWithAudit(db, { [`print.${form}`]: pref }, `Chọn máy in cho mẫu ${form}: ${pref.printer || 'hộp thoại in của hệ thống'}, khổ ${pref.paper}`, now, 'print');
}

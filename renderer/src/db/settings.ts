import { DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from '@shared/calendar/types';
import { DEFAULT_CODE_PATTERN } from '@shared/codes/dossierCode';
import { SEED_CATALOG } from '@shared/domain/catalog';
import type { DeskSettings, OfficeSettings } from '@shared/domain/settings';
import type { DeskDb } from './db';

/** Everything a command needs to know about this desk. Null parts mean first-run setup is not done. */
export interface DeskConfig {
  office: OfficeSettings | null;
  desk: DeskSettings | null;
  codePattern: string;
  calendar: CalendarConfig;
}

type CalendarBase = Omit<CalendarConfig, 'overrides'>;

export async function loadDeskConfig(db: DeskDb): Promise<DeskConfig> {
  const rows = await db.settings.bulkGet(['office', 'desk', 'codePattern', 'calendar']);
  const [office, desk, codePattern, calendar] = rows.map((r) => r?.value);
  const overrides = await db.calendarOverrides.toArray();
  return {
    office: (office as OfficeSettings) ?? null,
    desk: (desk as DeskSettings) ?? null,
    codePattern: (codePattern as string) ?? DEFAULT_CODE_PATTERN,
    calendar: { ...DEFAULT_CALENDAR_CONFIG, ...(calendar as CalendarBase | undefined), overrides },
  };
}

export async function saveSetup(db: DeskDb, office: OfficeSettings, desk: DeskSettings): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    await db.settings.bulkPut([
      { key: 'office', value: office },
      { key: 'desk', value: desk },
    ]);
  });
}

export async function saveSetting(db: DeskDb, key: 'codePattern' | 'calendar', value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/** The seed catalog goes in once; later the province's catalog replaces it through sync. */
export async function ensureCatalog(db: DeskDb): Promise<void> {
  await db.transaction('rw', db.procedures, async () => {
    if ((await db.procedures.count()) === 0) await db.procedures.bulkAdd(SEED_CATALOG);
  });
}

export interface PrintPreference {
  printer: string; // '' = the system print dialog
  paper: 'A4' | 'A5';
}

/** The printer and paper last used for a form on this desk. */
export async function loadPrintPreference(db: DeskDb, form: string): Promise<PrintPreference | null> {
  return ((await db.settings.get(`print.${form}`))?.value as PrintPreference | undefined) ?? null;
}

export async function savePrintPreference(db: DeskDb, form: string, pref: PrintPreference): Promise<void> {
  await db.settings.put({ key: `print.${form}`, value: pref });
}

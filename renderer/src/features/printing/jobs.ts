// Print jobs: what to render for a dossier's form, filled from the desk's own data.
import type { FormKind, PaperSize, TrackingRow } from '@shared/forms/types';
import { officeForPrint, type HistoryEntry } from '@shared/forms/fromDossier';
import { formatDateKey, type DateKey } from '@shared/calendar/vnTime';
import type { FeeReport } from '@shared/reports/fees';
import type { Dossier } from '@shared/domain/dossier';
import type { DeskConfig } from '../../db/settings';
import { db } from '../../db/instance';
import { getProcedure } from '../../db/procedures';
import { loadFormFonts } from './fonts';
import type { PrintJob } from './PrintDialog';
import i18n from '../../i18n';
import { getSession } from '../../db/session';

function setUp(config: DeskConfig) {
  if (!config.office || !config.desk) throw new Error(i18n.t('print.notSetUp'));
  // The signer is the logged-in account's display name.
  return { office: config.office, officerName: getSession(db)?.displayName ?? config.desk.officerName };
}

export function dossierFormJob(kind: FormKind, dossier: Dossier, history: HistoryEntry[], config: DeskConfig): PrintJob {
  const reprint = history.some((h) => h.action === 'printed' && h.detail.form === kind);
  return {
    kind,
    dossierId: dossier.id,
    reprint,
    fileName: `mau-${kind}-${dossier.code}.pdf`,
    office: async (corrected: boolean) => officeForPrint(history, kind, setUp(config).office, corrected),
    render: async (paper: PaperSize, corrected = false) => {
      // pdf-lib and the layouts load on the first print, not with the app.
      const [{ form01Input, form02Input, form03Input, form04Input, form05Input, form06Input, renderForm }, fonts] = await Promise.all([import('@shared/forms'), loadFormFonts()]);
      // A reprint reproduces the first print's office details unless the officer asks for a corrected one.
      const c = { ...setUp(config), paperSize: paper };
      c.office = officeForPrint(history, kind, c.office, corrected);
      switch (kind) {
        case '01': {
          const procedure = await getProcedure(db, dossier.procedureCode);
          return renderForm('01', form01Input(dossier, c, procedure?.cutoffRule ?? false), fonts);
        }
        case '02':
          return renderForm('02', form02Input(dossier, history, c), fonts);
        case '03':
          return renderForm('03', form03Input(dossier, history, c), fonts);
        case '04': {
          // What the dossier holds: the extension recorded by the command, never a date only in the PDF.
          const input = form04Input(dossier, c);
          if (!input) throw new Error(i18n.t('print.apologyMissing'));
          return renderForm('04', input, fonts);
        }
        case '05':
          return renderForm('05', form05Input(dossier, history, c), fonts);
        case '06':
          return renderForm('06', form06Input(dossier, history, c), fonts);
        case '07':
          throw new Error(i18n.t('print.trackingBookFromList'));
      }
    },
  };
}

/** Form 07 from rows already chosen and masked by the audited export (db/reports.ts exportLog). */
/** The daily fee report (báo cáo thu phí, lệ phí), signed by the account that prints it. */
export function feeReportJob(report: FeeReport, config: DeskConfig): PrintJob {
  return {
    kind: 'TP',
    title: i18n.t('reports.feeReportTitle', { day: formatDateKey(report.day) }),
    fileName: `thu-phi-le-phi-${report.day}.pdf`,
    render: async () => {
      const [{ layoutFeeReport }, fonts] = await Promise.all([import('@shared/forms'), loadFormFonts()]);
      const { office, officerName } = setUp(config);
      return (await layoutFeeReport({ office, day: report.day, rows: report.rows, total: report.total, preparedBy: officerName }, fonts)).bytes;
    },
  };
}

export function trackingBookJob(from: DateKey, to: DateKey, rows: TrackingRow[], config: DeskConfig): PrintJob {
  return {
    kind: '07',
    fileName: `so-theo-doi-ho-so-${from}-${to}.pdf`,
    render: async () => {
      const [{ renderForm }, fonts] = await Promise.all([import('@shared/forms'), loadFormFonts()]);
      return renderForm('07', { office: setUp(config).office, from, to, rows }, fonts);
    },
  };
}

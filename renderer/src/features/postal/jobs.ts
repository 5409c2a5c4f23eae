// The handover slip of a batch as a print job (rendered on demand: pdf-lib loads on the first print).
import type { Dossier } from '@shared/domain/dossier';
import type { PostalBatch } from '@shared/postal/batch';
import type { DeskConfig } from '../../db/settings';
import { loadFormFonts } from '../printing/fonts';
import type { PrintJob } from '../printing/PrintDialog';
import i18n from '../../i18n';

export function handoverSlipJob(batch: PostalBatch, dossiers: Dossier[], config: DeskConfig, now = Date.now()): PrintJob {
  const intake = batch.kind === 'intake';
  return {
    kind: intake ? 'BG' : 'BT',
    title: intake ? i18n.t('postal.slipIntake') : i18n.t('postal.slipReturn'),
    fileName: `bien-ban-ban-giao-${batch.code}.pdf`,
    render: async () => {
      if (!config.office) throw new Error(i18n.t('print.notSetUp'));
      const [{ layoutHandoverSlip }, fonts] = await Promise.all([import('@shared/forms'), loadFormFonts()]);
      const byId = new Map(dossiers.map((d) => [d.id, d]));
      const rows = batch.dossierIds.map((id) => byId.get(id)).filter((d): d is Dossier => !!d).map((d) => ({
        code: d.code,
        waybill: (intake ? d.postal?.inboundWaybill : d.postalReturn?.outboundWaybill) ?? '',
        applicantName: d.applicant.fullName,
        procedureName: d.procedureName,
        sets: d.sets,
      }));
      const desk = config.office.agencyName;
      const { bytes } = await layoutHandoverSlip({
        office: config.office,
        kind: batch.kind,
        batchCode: batch.code,
        handoverAt: now,
        giverSide: intake ? i18n.t('postal.postSide') : desk,
        giverName: batch.createdBy,
        receiverSide: intake ? desk : i18n.t('postal.postSide'),
        rows,
        note: batch.note,
      }, fonts);
      return bytes;
    },
  };
}

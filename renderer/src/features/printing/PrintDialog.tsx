import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, Loader, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FORM_TITLE_VI } from '@shared/forms/fromDossier';
import type { FormKind, PaperSize } from '@shared/forms/types';
import type { PrinterInfo } from '@shared/host/contract';
import { db } from '../../db/instance';
import { recordPrint, type PrintRecord } from '../../db/dossiers';
import { countProblem } from '@shared/domain/procedure';
import { loadPrintPreference, savePrintPreference } from '../../db/settings';
import { host } from '../../host';
import { describeWriteError } from '../../db/errors';

export interface PrintJob {
  /** An official form, a postal handover slip (BG: dossiers to the desk, BT: results to the post), or the daily fee report (TP). */
  kind: FormKind | 'BG' | 'BT' | 'TP';
  /** The title shown and recorded; defaults to the official form's. */
  title?: string;
  /** The dossier whose history records the print; none for the tracking book. */
  dossierId?: string;
  /** Printed before, so this is a reprint. */
  reprint?: boolean;
  fileName: string;
  /** `corrected`: a reprint with today's office details instead of those printed the first time. */
  render: (paper: PaperSize, corrected?: boolean) => Promise<Uint8Array>;
  /** The office printed on the form, kept with the print so a reprint reproduces it. */
  office?: (corrected: boolean) => Promise<unknown>;
}

const SYSTEM_DIALOG = '';

/** Preview the real PDF, then print it (a chosen printer silently, or the system dialog) or save it. */
export function PrintDialog({ job, onClose }: { job: PrintJob; onClose: (printed: boolean) => void }) {
  const { t } = useTranslation();
  const fixedPaper = job.kind === '07' || job.kind === 'BG' || job.kind === 'BT' || job.kind === 'TP';
  const [paper, setPaper] = useState<PaperSize>(fixedPaper ? 'A4' : 'A5');
  const formTitle = job.title ?? FORM_TITLE_VI[job.kind as FormKind];
  const [printer, setPrinter] = useState(SYSTEM_DIALOG);
  const [copies, setCopies] = useState('1');
  const [corrected, setCorrected] = useState(false);
  const [printers, setPrinters] = useState<PrinterInfo[]>([]);
  const [pdf, setPdf] = useState<Uint8Array<ArrayBuffer> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const printButton = useRef<HTMLButtonElement>(null);
  const title = job.title ?? `${t('print.form')} ${job.kind}: ${formTitle}`;

  useEffect(() => {
    void loadPrintPreference(db, job.kind).then((pref) => {
      if (!pref) return;
      setPrinter(pref.printer);
      if (!fixedPaper) setPaper(pref.paper);
    });
    host.listPrinters().then(setPrinters, () => setPrinters([]));
  }, [job.kind, fixedPaper]);

  useEffect(() => {
    let cancelled = false;
    setPdf(null);
    job.render(paper, corrected).then(
      (bytes) => !cancelled && setPdf(new Uint8Array(bytes)),
      (e: Error) => !cancelled && setError(t('print.renderFailed', { reason: e.message })),
    );
    return () => {
      cancelled = true;
    };
  }, [job, paper, corrected, t]);

  const previewUrl = useMemo(() => (pdf ? URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' })) : null), [pdf]);
  useEffect(() => () => {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
  }, [previewUrl]);

  // Keyboard first: once the PDF is ready, Enter prints it.
  useEffect(() => {
    if (pdf) printButton.current?.focus();
  }, [pdf]);

  // Explained where it is typed; nothing is printed or logged with a count the officer did not type.
  const copiesError = countProblem(copies, 'số bản in', 1, 20);
  const copyCount = copiesError ? 1 : Number(copies);
  const missingPrinter = printer !== SYSTEM_DIALOG && printers.length > 0 && !printers.some((p) => p.name === printer);

  const record = async (how: string, outcome: PrintRecord['outcome'] = 'printed', reason?: string) => {
    if (!job.dossierId) return;
    const office = job.office ? JSON.stringify(await job.office(corrected)) : undefined;
    await recordPrint(db, job.dossierId, { form: job.kind, formTitle, copies: copyCount, printer: how, reprint: Boolean(job.reprint), outcome, ...(reason ? { reason } : {}), ...(office ? { office } : {}), ...(corrected ? { corrected } : {}) });
  };

  const print = async () => {
    if (!pdf || copiesError) return;
    setBusy(true);
    setError(null);
    try {
      const result = await host.printPdf({
        pdf, printer: printer || undefined, silent: printer !== SYSTEM_DIALOG, copies: copyCount,
        pageSize: paper, landscape: job.kind === '07', jobName: job.fileName,
      });
      if (!result.ok) {
        setError(result.reason);
        await record(printer || t('print.systemDialog'), 'failed', result.reason).catch(() => undefined);
        return;
      }
      notifications.show({ color: 'green', message: t('print.done', { title: formTitle }) });
      try {
        await savePrintPreference(db, job.kind, { printer, paper });
        await record(printer || t('print.systemDialog'), result.outcome ?? 'printed');
      } catch (e) {
        // Printed all the same: say that the history could not take it, rather than "not printed".
        notifications.show({ color: 'red', autoClose: false, message: t('print.notRecorded', { reason: describeWriteError(e) }) });
      }
      onClose(true);
    } catch (e) {
      setError(describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!pdf) return;
    setError(null);
    try {
      const result = await host.savePdf({ pdf, suggestedName: job.fileName });
      if (result.saved) await record(t('print.savedPdf'), 'saved');
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Modal opened onClose={() => onClose(false)} title={title} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); void print(); }} aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {printers.length > 0 && (
              <NativeSelect
                label={t('print.printer')}
                value={printer}
                onChange={(e) => setPrinter(e.currentTarget.value)}
                data={[
                  { value: SYSTEM_DIALOG, label: t('print.systemDialog') },
                  ...printers.map((p) => ({ value: p.name, label: `${p.displayName}${p.isDefault ? ` (${t('print.default')})` : ''}` })),
                  ...(missingPrinter ? [{ value: printer, label: `${printer} (${t('print.missing')})` }] : []),
                ]}
              />
            )}
            <NativeSelect
              label={t('print.paper')}
              value={paper}
              disabled={fixedPaper}
              onChange={(e) => setPaper(e.currentTarget.value as PaperSize)}
              data={fixedPaper ? [{ value: 'A4', label: job.kind === '07' ? t('print.a4Landscape') : 'A4' }] : [{ value: 'A5', label: 'A5' }, { value: 'A4', label: 'A4' }]}
            />
            <TextInput type="number" min={1} max={20} label={t('print.copies')} value={copies} onChange={(e) => setCopies(e.currentTarget.value)} error={copiesError} />
          </SimpleGrid>
          {job.kind === '01' && <Text size="sm" c="dimmed">{t('print.twoCopiesNote')}</Text>}
          {job.reprint && <Checkbox label={t('print.corrected')} checked={corrected} onChange={(e) => setCorrected(e.currentTarget.checked)} />}
          {missingPrinter && <Alert color="yellow">{t('print.missingPrinter', { printer })}</Alert>}
          {previewUrl ? (
            <iframe title={t('print.preview')} src={previewUrl} style={{ width: '100%', height: '60vh', border: '1px solid #ddd' }} data-testid="print-preview" />
          ) : (
            !error && <Group justify="center" h={200}><Loader aria-label={t('print.rendering')} /></Group>
          )}
          {error && (
            <Alert color="red" role="alert" title={t('print.failed')}>
              {error} {t('print.dossierSafe')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>{t('dossier.cancel')}</Button>
            <Button variant="default" onClick={save} disabled={!pdf}>{t('print.save')}</Button>
            <Button ref={printButton} type="submit" loading={busy} disabled={!pdf}>
              {error ? t('print.retry') : t('print.print')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Paper, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { FORM_TITLE_VI, printableForms, type HistoryEntry } from '@shared/forms/fromDossier';
import type { FormKind } from '@shared/forms/types';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import type { Dossier } from '@shared/domain/dossier';
import type { DeskConfig } from '../../db/settings';
import { PrintDialog, type PrintJob } from './PrintDialog';
import { dossierFormJob } from './jobs';
import { db } from '../../db/instance';
import { extendAppointment } from '../../db/dossiers';

function ApologyPrompt({ dossier, onDone }: { dossier: Dossier; onDone: (extended: Dossier | null) => void }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState(formatVnDateTime(dossier.appointmentAt));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      // The command checks the date (after now, after the current appointment) and records it.
      onDone(await extendAppointment(db, dossier.id, { newAppointment: when, reason }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={() => onDone(null)} title={t('print.apologyTitle')}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          <TextInput label={t('print.newAppointment')} value={when} onChange={(e) => setWhen(e.currentTarget.value)} data-autofocus />
          <Textarea label={t('print.apologyReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>{t('print.continue')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DossierPrintPanel({ dossier, history, config }: { dossier: Dossier; history: HistoryEntry[]; config: DeskConfig }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<PrintJob | null>(null);
  const [asking, setAsking] = useState(false);
  const open = (kind: FormKind) => (kind === '04' ? setAsking(true) : setJob(dossierFormJob(kind, dossier, history, config)));
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">{t('print.forms')}</Title>
      <Stack gap="xs">
        {printableForms(dossier, history).map((kind) => (
          <Button key={kind} variant="light" justify="flex-start" onClick={() => open(kind)} data-form={kind}>
            {t('print.form')} {kind}: {FORM_TITLE_VI[kind].toLocaleLowerCase('vi').replace(/^./, (c) => c.toLocaleUpperCase('vi'))}
          </Button>
        ))}
      </Stack>
      {asking && (
        <ApologyPrompt
          dossier={dossier}
          onDone={(extended) => {
            setAsking(false);
            if (extended) setJob(dossierFormJob('04', extended, history, config));
          }}
        />
      )}
      {job && <PrintDialog job={job} onClose={() => setJob(null)} />}
    </Paper>
  );
}

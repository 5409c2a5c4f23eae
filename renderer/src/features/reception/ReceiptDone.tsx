import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import type { Dossier } from '@shared/domain/dossier';
import { formatMoney } from '@shared/domain/procedure';
import { db } from '../../db/instance';
import { dossierHistory } from '../../db/dossiers';
import type { DeskConfig } from '../../db/settings';
import { PrintDialog, type PrintJob } from '../printing/PrintDialog';
import { dossierFormJob } from '../printing/jobs';

/** After saving: the code, then print the slip with Enter, then Ctrl+Enter for the next citizen. */
export function ReceiptDone({ dossier, config, onNext, onOpen }: { dossier: Dossier; config: DeskConfig; onNext: () => void; onOpen: () => void }) {
  const { t } = useTranslation();
  const printButton = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const history = useLiveQuery(() => dossierHistory(db, dossier.id), [dossier.id]);
  const [job, setJob] = useState<PrintJob | null>(null);

  const ready = history != null;
  useEffect(() => {
    if (ready) printButton.current?.focus();
  }, [ready]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        onNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNext]);

  return (
    <Paper withBorder p="xl" maw={720} mx="auto" role="status" aria-label={t('receive.savedTitle')}>
      <Stack>
        <Title order={2}>{t('receive.savedTitle')}</Title>
        <div>
          <Text c="dimmed">{t('receive.savedCode')}</Text>
          <Text fz={32} fw={700} ff="monospace" data-testid="saved-code">{dossier.code}</Text>
        </div>
        <Text>{dossier.applicant.fullName} · {dossier.procedureName}</Text>
        <Text>
          {t('receive.appointment')}: <b data-testid="saved-appointment">{formatVnDateTime(dossier.appointmentAt)}</b>
        </Text>
        <Text>{t('receive.fee')}: {formatMoney(dossier.fee)}</Text>
        <Group>
          <Button ref={printButton} disabled={!history} onClick={() => history && setJob(dossierFormJob('01', dossier, history, config))}>
            {t('print.printSlip')}
          </Button>
          <Button ref={nextButton} variant="default" onClick={onNext}>{t('receive.next')}</Button>
          <Button variant="default" onClick={onOpen}>{t('receive.open')}</Button>
        </Group>
      </Stack>
      {job && (
        <PrintDialog
          job={job}
          onClose={() => {
            setJob(null);
            setTimeout(() => nextButton.current?.focus(), 0);
          }}
        />
      )}
    </Paper>
  );
}

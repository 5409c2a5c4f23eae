import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import type { Dossier } from '@shared/domain/dossier';
import { formatMoney } from '@shared/domain/procedure';
import type { DeskConfig } from '../../db/settings';

export function ReceiptDone({ dossier, onNext, onOpen }: { dossier: Dossier; config: DeskConfig; onNext: () => void; onOpen: () => void }) {
  const { t } = useTranslation();
  const nextButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    nextButton.current?.focus();
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
          <Button ref={nextButton} onClick={onNext}>{t('receive.next')}</Button>
          <Button variant="default" onClick={onOpen}>{t('receive.open')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

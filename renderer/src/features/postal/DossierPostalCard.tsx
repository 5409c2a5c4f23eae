// The dossier's postal side: how it was collected, its handover batch and the desk's check-in of it.
import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { formatMoney } from '@shared/domain/procedure';
import type { Dossier } from '@shared/domain/dossier';
import { can } from '@shared/domain/roles';
import { POSTAL_RETURN_STATE_LABEL_VI } from '@shared/postal/returnPost';
import { db } from '../../db/instance';
import { batchesOfDossier, confirmIntake } from '../../db/postal';
import { describeWriteError } from '../../db/errors';
import { useSession } from '../accounts/useSession';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text>{children || '—'}</Text>
    </div>
  );
}

/** True while the dossier waits for the desk to check it in from an intake batch: its button then takes the focus. */
export function usePendingCheckIn(dossierId: string): boolean {
  const batches = useLiveQuery(() => batchesOfDossier(db, dossierId), [dossierId]);
  const intake = batches?.find((b) => b.kind === 'intake');
  return !!intake && !intake.confirmations.some((c) => c.dossierId === dossierId);
}

export function DossierPostalCard({ dossier, focusCheckIn }: { dossier: Dossier; focusCheckIn: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const batches = useLiveQuery(() => batchesOfDossier(db, dossier.id), [dossier.id]);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const intake = batches?.find((b) => b.kind === 'intake');
  const checkIn = intake?.confirmations.find((c) => c.dossierId === dossier.id);
  const mayConfirm = !!session && can(session.role, 'transition');

  // Its own batches query may resolve after the page's: focus once the button is there.
  const showButton = !!intake && !checkIn && mayConfirm;
  useEffect(() => {
    if (focusCheckIn && showButton) button.current?.focus();
  }, [focusCheckIn, showButton]);

  const p = dossier.postal;
  if (!p && dossier.resultDelivery !== 'post') return null;
  const confirm = async () => {
    setError(null);
    try {
      await confirmIntake(db, dossier.id);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Paper withBorder p="md" data-testid="postal-card" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
      <Title order={4} mb="sm">{t('postal.cardTitle')}</Title>
      <Stack gap="xs">
        {p && (
          <SimpleGrid cols={1} spacing="xs">
            <Field label={t('postal.inboundWaybill')}><Text span ff="monospace" data-testid="postal-waybill">{p.inboundWaybill}</Text></Field>
            <Field label={t('postal.collectedAtShort')}>{formatVnDateTime(p.collectedAt)} · {p.place}</Field>
            <Field label={t('postal.collector')}>{p.collectorName}</Field>
            <Field label={t('postal.postalFee')}>{formatMoney(p.postalFee)}</Field>
          </SimpleGrid>
        )}
        {dossier.resultDelivery === 'post' && <Field label={t('postal.deliveryAddress')}>{dossier.deliveryAddress}</Field>}
        {dossier.postalReturn && (
          <Field label={t('postal.outboundWaybill')}>
            <Text span ff="monospace">{dossier.postalReturn.outboundWaybill}</Text> · {POSTAL_RETURN_STATE_LABEL_VI[dossier.postalReturn.state]}
            {dossier.postalReturn.deliveredAt != null && ` · ${dossier.postalReturn.receivedBy}, ${formatVnDateTime(dossier.postalReturn.deliveredAt)}`}
            {dossier.postalReturn.failReason && ` · ${dossier.postalReturn.failReason}`}
          </Field>
        )}
        {p && !intake && <Text size="sm" c="dimmed">{t('postal.notInBatch')}</Text>}
        {intake && (
          <Text size="sm">
            {t('postal.inBatch')} <Anchor href={`#/batch/${intake.id}`} ff="monospace">{intake.code}</Anchor>
          </Text>
        )}
        {intake && checkIn && <Text size="sm" c="green" data-testid="checked-in">{t('postal.confirmedBy', { by: checkIn.by, at: formatVnDateTime(checkIn.at) })}</Text>}
        {intake && !checkIn && mayConfirm && (
          <Button ref={button} onClick={() => void confirm()} data-testid="check-in">{t('postal.confirmThis', { batch: intake.code })}</Button>
        )}
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </Paper>
  );
}

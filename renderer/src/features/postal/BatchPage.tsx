// One handover batch: its slip, its dossiers, and the officer's check-in of each (scan or button).
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { BATCH_KIND_LABEL_VI, batchProgress } from '@shared/postal/batch';
import { POSTAL_RETURN_STATE_LABEL_VI } from '@shared/postal/returnPost';
import { can } from '@shared/domain/roles';
import { db } from '../../db/instance';
import { confirmIntake, getBatch } from '../../db/postal';
import type { DeskConfig } from '../../db/settings';
import { describeWriteError } from '../../db/errors';
import { navigate } from '../../ui/router';
import { PrintDialog, type PrintJob } from '../printing/PrintDialog';
import { useSession } from '../accounts/useSession';
import { handoverSlipJob } from './jobs';

export function BatchPage({ id, config }: { id: string; config: DeskConfig }) {
  const { t } = useTranslation();
  const session = useSession();
  const data = useLiveQuery(() => getBatch(db, id), [id], null);
  const [job, setJob] = useState<PrintJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (data === null) return null;
  if (!data) return <Alert color="yellow">{t('postal.batchNotFound')}</Alert>;
  const { batch, dossiers } = data;
  const progress = batchProgress(batch);
  const confirmedAt = new Map(batch.confirmations.map((c) => [c.dossierId, c]));
  const mayConfirm = batch.kind === 'intake' && !!session && can(session.role, 'transition');

  const confirm = async (dossierId: string) => {
    setError(null);
    try {
      await confirmIntake(db, dossierId);
      notifications.show({ color: 'green', message: t('postal.confirmed') });
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Stack>
      <Anchor href="#/postal" onClick={(e) => { e.preventDefault(); navigate('postal'); }}>← {t('postal.back')}</Anchor>
      <Group align="baseline">
        <Title order={2} ff="monospace" data-testid="batch-code">{batch.code}</Title>
        {batch.kind === 'intake' && <Badge color={progress.done ? 'green' : 'yellow'} data-testid="batch-progress">{t('postal.confirmedOf', { confirmed: progress.confirmed, total: progress.total })}</Badge>}
      </Group>
      <Text>{BATCH_KIND_LABEL_VI[batch.kind]} · {t('postal.createdBy')}: {batch.createdBy} · {formatVnDateTime(batch.createdAt)}</Text>
      {batch.note && <Text size="sm">{batch.note}</Text>}
      {batch.kind === 'intake' && <Progress value={(100 * progress.confirmed) / Math.max(1, progress.total)} color={progress.done ? 'green' : 'yellow'} aria-label={t('postal.progress')} />}
      {mayConfirm && !progress.done && <Alert color="blue" variant="light">{t('postal.confirmHint')}</Alert>}
      <Group>
        <Button onClick={() => setJob(handoverSlipJob(batch, dossiers, config))} data-testid="print-slip">{t('postal.printSlip')}</Button>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Paper withBorder p="md">
        <Table data-testid="batch-dossiers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('list.code')}</Table.Th>
              <Table.Th>{t('postal.waybill')}</Table.Th>
              <Table.Th>{t('list.applicant')}</Table.Th>
              <Table.Th>{t('list.procedure')}</Table.Th>
              <Table.Th>{batch.kind === 'intake' ? t('postal.checkIn') : t('postal.returnState')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dossiers.map((d) => {
              const c = confirmedAt.get(d.id);
              return (
                <Table.Tr key={d.id} data-confirmed={c ? 'yes' : 'no'}>
                  <Table.Td ff="monospace"><Anchor href={`#/dossier/${d.id}`}>{d.code}</Anchor></Table.Td>
                  <Table.Td ff="monospace">{batch.kind === 'intake' ? d.postal?.inboundWaybill : d.postalReturn?.outboundWaybill}</Table.Td>
                  <Table.Td>{d.applicant.fullName}</Table.Td>
                  <Table.Td>{d.procedureName}</Table.Td>
                  <Table.Td>
                    {batch.kind === 'return' ? (
                      <Text size="sm">{d.postalReturn ? POSTAL_RETURN_STATE_LABEL_VI[d.postalReturn.state] : ''}</Text>
                    ) : c ? (
                      <Text size="sm" c="green">{t('postal.confirmedBy', { by: c.by, at: formatVnDateTime(c.at) })}</Text>
                    ) : mayConfirm ? (
                      <Button size="xs" variant="default" onClick={() => void confirm(d.id)}>{t('postal.confirm')}</Button>
                    ) : (
                      <Text size="sm" c="dimmed">{t('postal.notConfirmed')}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      {job && <PrintDialog job={job} onClose={() => setJob(null)} />}
    </Stack>
  );
}

// Results going back by post: the outbound waybill, the handover to the post (a batch with its slip),
// then delivery (who received it, when) or failure and the result's return to the desk.
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatVnDateTime, parseVnDateTime } from '@shared/calendar/vnTime';
import type { Dossier } from '@shared/domain/dossier';
import { POSTAL_RETURN_STATE_LABEL_VI, type PostalReturnEvent } from '@shared/postal/returnPost';
import { db } from '../../db/instance';
import { createBatch, recordPostalReturn, resultsByPost } from '../../db/postal';
import { describeWriteError } from '../../db/errors';
import { navigate } from '../../ui/router';

type Asking = { dossier: Dossier; kind: 'delivered' | 'failed' } | null;

export function ReturnByPostPanel({ mayAct }: { mayAct: boolean }) {
  const { t } = useTranslation();
  const rows = useLiveQuery(() => resultsByPost(db), []);
  const [waybills, setWaybills] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [receivedBy, setReceivedBy] = useState('');
  const [deliveredAt, setDeliveredAt] = useState('');
  const [reason, setReason] = useState('');

  const act = async (d: Dossier, e: PostalReturnEvent) => {
    setError(null);
    try {
      await recordPostalReturn(db, d.id, e);
      return true;
    } catch (err) {
      setError(describeWriteError(err));
      return false;
    }
  };
  const makeBatch = async () => {
    setError(null);
    try {
      const batch = await createBatch(db, 'return', [...chosen]);
      setChosen(new Set());
      navigate(`batch/${batch.id}`);
    } catch (err) {
      setError(describeWriteError(err));
    }
  };
  const ask = (dossier: Dossier, kind: 'delivered' | 'failed') => {
    setAsking({ dossier, kind });
    setReceivedBy(dossier.applicant.fullName);
    setDeliveredAt(formatVnDateTime(Date.now()));
    setReason('');
  };
  const confirmAsk = async () => {
    if (!asking) return;
    if (asking.kind === 'failed') {
      if (await act(asking.dossier, { kind: 'failed', reason })) setAsking(null);
      return;
    }
    const at = parseVnDateTime(deliveredAt);
    if (at == null) return setError(t('postal.badDeliveredAt'));
    if (await act(asking.dossier, { kind: 'delivered', receivedBy, deliveredAt: at })) setAsking(null);
  };
  const ready = (rows ?? []).filter((d) => d.postalReturn?.state === 'waybill_recorded');

  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">{t('postal.returnTitle')}</Title>
      {!rows || rows.length === 0 ? (
        <Text c="dimmed" size="sm">{t('postal.noReturns')}</Text>
      ) : (
        <Stack>
          <Table data-testid="returns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('list.code')}</Table.Th>
                <Table.Th>{t('list.applicant')}</Table.Th>
                <Table.Th>{t('postal.deliveryAddress')}</Table.Th>
                <Table.Th>{t('postal.outboundWaybill')}</Table.Th>
                <Table.Th>{t('postal.returnState')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => {
                const r = d.postalReturn;
                const state = r?.state;
                const needsWaybill = !r || state === 'back_at_desk';
                return (
                  <Table.Tr key={d.id} data-code={d.code}>
                    <Table.Td>
                      {state === 'waybill_recorded' && mayAct && (
                        <Checkbox aria-label={d.code} checked={chosen.has(d.id)} onChange={() => setChosen((s) => { const n = new Set(s); if (n.has(d.id)) n.delete(d.id); else n.add(d.id); return n; })} />
                      )}
                    </Table.Td>
                    <Table.Td ff="monospace"><Anchor href={`#/dossier/${d.id}`}>{d.code}</Anchor></Table.Td>
                    <Table.Td>{d.applicant.fullName}</Table.Td>
                    <Table.Td>{d.deliveryAddress || d.applicant.address}</Table.Td>
                    <Table.Td>
                      {needsWaybill && mayAct ? (
                        <form onSubmit={(e) => { e.preventDefault(); void act(d, { kind: 'waybill_recorded', waybill: waybills[d.id] ?? '' }); }}>
                          <Group gap={4} wrap="nowrap">
                            <TextInput size="xs" aria-label={`${t('postal.outboundWaybill')}: ${d.code}`} value={waybills[d.id] ?? ''} onChange={(e) => setWaybills({ ...waybills, [d.id]: e.currentTarget.value })} data-scan-field autoComplete="off" />
                            <Button size="xs" type="submit" variant="default">{t('postal.recordWaybill')}</Button>
                          </Group>
                        </form>
                      ) : (
                        <Text ff="monospace" size="sm">{r?.outboundWaybill}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Badge variant="light" color={state === 'failed' ? 'red' : state === 'back_at_desk' ? 'orange' : 'blue'}>
                          {state ? POSTAL_RETURN_STATE_LABEL_VI[state] : t('postal.waitingWaybill')}
                        </Badge>
                        {state === 'failed' && <Text size="xs" c="red">{r?.failReason}</Text>}
                        {mayAct && (state === 'handed_to_post' || state === 'failed') && (
                          <Group gap={4}>
                            <Button size="compact-xs" onClick={() => ask(d, 'delivered')}>{t('postal.delivered')}</Button>
                            {state === 'handed_to_post' && <Button size="compact-xs" variant="default" color="red" onClick={() => ask(d, 'failed')}>{t('postal.failed')}</Button>}
                            {state === 'failed' && <Button size="compact-xs" variant="default" onClick={() => void act(d, { kind: 'back_at_desk' })}>{t('postal.backAtDesk')}</Button>}
                          </Group>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {mayAct && ready.length > 0 && (
            <Group>
              <Button onClick={() => void makeBatch()} disabled={chosen.size === 0} data-testid="make-return-batch">{t('postal.makeReturnBatch', { count: chosen.size })}</Button>
            </Group>
          )}
        </Stack>
      )}
      {error && <Alert color="red" role="alert" mt="sm">{error}</Alert>}
      <Modal opened={!!asking} onClose={() => setAsking(null)} title={asking?.kind === 'failed' ? t('postal.failed') : t('postal.delivered')}>
        <form onSubmit={(e) => { e.preventDefault(); void confirmAsk(); }}>
          <Stack>
            {asking?.kind === 'delivered' ? (
              <>
                <TextInput label={t('postal.receivedBy')} value={receivedBy} onChange={(e) => setReceivedBy(e.currentTarget.value)} data-autofocus />
                <TextInput label={t('postal.deliveredAt')} value={deliveredAt} onChange={(e) => setDeliveredAt(e.currentTarget.value)} />
              </>
            ) : (
              <TextInput label={t('postal.failReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
            )}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end"><Button type="submit">{t('postal.save')}</Button></Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

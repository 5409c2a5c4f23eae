import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatDateKey, formatVnDateTime } from '@shared/calendar/vnTime';
import { deadlineState } from '@shared/domain/deadline';
import { RESULT_DELIVERY_LABEL_VI } from '@shared/domain/dossier';
import { describeProcessingTime, formatMoney } from '@shared/domain/procedure';
import { ACTION_LABEL_VI, actionLabel, DVCQG_STATUS_CODE, STATUS_LABEL_VI, offeredActions, isFinal, type TransitionAction } from '@shared/domain/status';
import { db } from '../../db/instance';
import { dossierHistory, getDossier, recordRead } from '../../db/dossiers';
import type { DeskConfig } from '../../db/settings';
import { navigate } from '../../ui/router';
import { useNow } from '../../ui/useNow';
import { ComponentsTableHead } from '../../ui/ComponentsTableHead';
import { StatusBadge } from './StatusBadge';
import { TransitionModal } from './TransitionModal';
import { EditApplicantModal } from './EditApplicantModal';
import { DossierPrintPanel } from '../printing/DossierPrintPanel';
import { DossierFilesState, DossierSyncState } from '../sync';
import { maskIdNumber, maskPhone } from '@shared/privacy/mask';
import { can } from '@shared/domain/roles';
import { describeWriteError } from '../../db/errors';
import { useSession } from '../accounts';

/**
 * A CCCD or phone number shown masked; a role that may see it in full asks for it, and that reveal is
 * written to the audit before the number shows.
 */
function Revealable({ dossierId, value, masked, what }: { dossierId: string; value: string; masked: string; what: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [shown, setShown] = useState(false);
  useEffect(() => setShown(false), [dossierId]);
  if (!value) return null;
  if (shown) return <>{value}</>;
  const reveal = async () => {
    try {
      await recordRead(db, 'revealed', { dossierId, what });
      setShown(true);
    } catch (e) {
      notifications.show({ color: 'red', message: describeWriteError(e) });
    }
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <span>{masked}</span>
      {session && can(session.role, 'reveal') && (
        <Button size="compact-xs" variant="subtle" title={t('backup.revealHelp')} onClick={() => void reveal()}>{t('backup.reveal')}</Button>
      )}
    </Group>
  );
}
import { PaymentModal } from '../reports';
import { isUnpaid, PAYMENT_METHOD_LABEL_VI } from '@shared/domain/fees';
import { DossierPostalCard, usePendingCheckIn } from '../postal/DossierPostalCard';
import { DossierScansCard } from '../scans';

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text data-testid={testId}>{children || '—'}</Text>
    </div>
  );
}

/** Long unbroken text (a pasted address, a waybill) wraps inside the card instead of overflowing it. */
const CARD_STYLE = { overflowWrap: 'anywhere', minWidth: 0 } as const;
/** Two-line titles in capitals (form titles in print events) need room for the marks above the letters. */
const TIMELINE_STYLES = { itemTitle: { lineHeight: 1.5, overflowWrap: 'anywhere' as const } };

export function DossierPage({ id, config }: { id: string; config: DeskConfig }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const dossier = useLiveQuery(() => getDossier(db, id), [id], null);
  const history = useLiveQuery(() => dossierHistory(db, id), [id]);
  // Opening a dossier is a read of personal data: audited.
  useEffect(() => {
    recordRead(db, 'dossier_viewed', { dossierId: id }).catch(() => undefined);
  }, [id]);
  const [action, setAction] = useState<TransitionAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [paying, setPaying] = useState(false);
  const primaryAction = useRef<HTMLButtonElement>(null);
  const sidePanel = useRef<HTMLDivElement>(null);
  const status = dossier?.status;
  // A dossier scanned from a postal batch: checking it in comes first.
  const pendingCheckIn = usePendingCheckIn(id);
  const historyLoaded = history != null;

  // Keyboard first: the usual next step has focus whenever the dossier opens or moves on. A finished
  // dossier has no next step: its first print button (form 06, the slip), never the page body.
  useEffect(() => {
    if (action || editing || pendingCheckIn) return;
    const target = primaryAction.current ?? sidePanel.current?.querySelector<HTMLElement>('[data-print-panel] button:not([disabled])') ?? sidePanel.current?.querySelector<HTMLElement>('[data-testid="dossier-finished"]');
    target?.focus();
  }, [status, action, editing, historyLoaded, pendingCheckIn]);

  if (dossier === null) return null; // still loading
  if (!dossier) {
    return (
      <Alert color="yellow" title={t('dossier.notFound')}>
        <Anchor href="#/list">{t('dossier.back')}</Anchor>
      </Alert>
    );
  }
  const a = dossier.applicant;
  const deadline = deadlineState(dossier, now);
  const actions = offeredActions(dossier.status);

  return (
    <Stack>
      <Group justify="space-between">
        <Anchor href="#/list" onClick={(e) => { e.preventDefault(); navigate('list'); }}>← {t('dossier.back')}</Anchor>
      </Group>
      <Group align="baseline">
        <Title order={2} ff="monospace" data-testid="dossier-code">{dossier.code}</Title>
        <StatusBadge status={dossier.status} />
        <Text size="sm" c="dimmed">{t('dossier.dvcqg', { code: DVCQG_STATUS_CODE[dossier.status] })}</Text>
        {deadline && <Badge color={deadline === 'overdue' ? 'red' : 'yellow'}>{deadline === 'overdue' ? t('list.overdue') : t('list.dueToday')}</Badge>}
        <Badge variant="light" color={dossier.peer ? 'grape' : 'gray'} data-testid="receiving-desk">
          {dossier.channel === 'online' ? t('office.receivedOnline') : t('office.receivedBy', { desk: dossier.deskNo })}
        </Badge>
      </Group>
      {dossier.peer && (
        <Alert color="grape" variant="light" data-testid="peer-note">
          {dossier.peer.ownerDeskNo ? t('office.peerNote', { desk: dossier.peer.ownerDeskNo }) : t('office.peerNoteAgency')}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Paper withBorder p="md" style={CARD_STYLE}>
              <Group justify="space-between" mb="sm">
                <Title order={4}>{t('dossier.applicant')}</Title>
                {!isFinal(dossier.status) && !dossier.peer && <Button size="xs" variant="default" onClick={() => setEditing(true)}>{t('dossier.edit')}</Button>}
                {!isFinal(dossier.status) && dossier.peer && <Text size="xs" c="dimmed">{t('office.editRefused')}</Text>}
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {a.kind === 'organisation' ? (
                  <>
                    <Field label={t('intake.orgName')} testId="applicant-name">{a.fullName}</Field>
                    <Field label={t('intake.taxCode')} testId="applicant-tax-code">{a.taxCode}</Field>
                    <Field label={t('intake.representative')} testId="applicant-representative">{a.representative}</Field>
                    <Field label={t('intake.representativeId')} testId="applicant-id"><Revealable dossierId={dossier.id} value={a.idNumber} masked={maskIdNumber(a.idNumber)} what="số CCCD của người đại diện" /></Field>
                  </>
                ) : (
                  <>
                    <Field label={t('receive.fullName')} testId="applicant-name">{a.fullName}</Field>
                    <Field label={t('receive.idNumber')} testId="applicant-id"><Revealable dossierId={dossier.id} value={a.idNumber} masked={maskIdNumber(a.idNumber)} what="số CCCD" /></Field>
                    <Field label={t('receive.dateOfBirth')}>{a.dateOfBirth ? formatDateKey(a.dateOfBirth) : ''}</Field>
                    <Field label={t('receive.gender')}>{a.gender === 'female' ? t('receive.female') : a.gender === 'male' ? t('receive.male') : ''}</Field>
                  </>
                )}
                <Field label={t('receive.address')}>{a.address}</Field>
                <Field label={t('receive.phone')} testId="applicant-phone"><Revealable dossierId={dossier.id} value={a.phone} masked={maskPhone(a.phone)} what="số điện thoại" /></Field>
                <Field label={t('receive.email')}>{a.email}</Field>
              </SimpleGrid>
            </Paper>
            <Paper withBorder p="md" style={CARD_STYLE}>
              <Title order={4} mb="sm">{t('dossier.procedure')}</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Field label={t('dossier.procedure')}>{dossier.procedureName} ({dossier.procedureCode})</Field>
                <Field label={t('dossier.field')}>{dossier.fieldName}</Field>
                <Field label={t('dossier.resultAgency')}>{dossier.resultAgency}</Field>
                <Field label={t('receive.processingTime')}>{describeProcessingTime(dossier.processingTime, false)}</Field>
                <Field label={t('dossier.receivedAt')}>{formatVnDateTime(dossier.receivedAt)}</Field>
                <Field label={t('dossier.appointmentAt')} testId="appointment">
                  {formatVnDateTime(dossier.appointmentAt)}
                  {dossier.appointmentAt !== dossier.originalAppointmentAt && ` (${t('dossier.originalAppointment', { at: formatVnDateTime(dossier.originalAppointmentAt) })})`}
                </Field>
                {dossier.pausedAt != null && <Field label={t('dossier.status')}>{t('dossier.paused', { at: formatVnDateTime(dossier.pausedAt) })}</Field>}
                <Field label={t('dossier.sets')}>{dossier.sets}</Field>
                <Field label={t('dossier.fee')} testId="dossier-fee">
                  {formatMoney(dossier.fee)}{dossier.online ? ` · ${t('intake.online')}` : ''}
                  {dossier.payment && ` · ${t('reports.paid', { amount: formatMoney(dossier.payment.amount), method: PAYMENT_METHOD_LABEL_VI[dossier.payment.method], receipt: dossier.payment.receiptNo, at: formatVnDateTime(dossier.payment.at), by: dossier.payment.by })}`}
                </Field>
                <Field label={t('dossier.delivery')}>{RESULT_DELIVERY_LABEL_VI[dossier.resultDelivery]}</Field>
                <Field label={t('dossier.officer')}>{dossier.officerName} · {t('dossier.desk')} {dossier.deskNo}</Field>
                {dossier.returnedAt != null && <Field label={t('dossier.returnedAt')}>{formatVnDateTime(dossier.returnedAt)} · {t('dossier.collectedBy')}: {dossier.collectedBy}</Field>}
                {dossier.note && <Field label={t('dossier.note')}>{dossier.note}</Field>}
              </SimpleGrid>
              <Title order={5} mt="md" mb="xs">{t('dossier.components')}</Title>
              <Table>
                <ComponentsTableHead />
                <Table.Tbody>
                  {dossier.components.map((c) => (
                    <Table.Tr key={c.componentId}>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>{c.originals}</Table.Td>
                      <Table.Td>{c.copies}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {dossier.copyDocuments && dossier.copyDocuments.length > 0 && (
                <>
                  <Title order={5} mt="md" mb="xs">{t('intake.documents')}</Title>
                  <Table data-testid="dossier-documents">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('intake.documentName')}</Table.Th>
                        <Table.Th>{t('intake.documentPages')}</Table.Th>
                        <Table.Th>{t('intake.documentCopies')}</Table.Th>
                        <Table.Th ta="right">{t('intake.documentFee')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {dossier.copyDocuments.map((d, i) => (
                        <Table.Tr key={i}>
                          <Table.Td>{d.name}</Table.Td>
                          <Table.Td>{d.pages}</Table.Td>
                          <Table.Td>{d.copies}</Table.Td>
                          <Table.Td ta="right">{formatMoney(d.fee)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </Paper>
            <DossierScansCard dossier={dossier} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack ref={sidePanel}>
            <DossierSyncState dossierId={dossier.id} />
            <DossierFilesState dossierId={dossier.id} components={dossier.components} />
            <DossierPostalCard dossier={dossier} focusCheckIn={pendingCheckIn && !action && !editing} />
            <Paper withBorder p="md" style={CARD_STYLE}>
              <Title order={4} mb="sm">{t('dossier.actions')}</Title>
              {isUnpaid(dossier) && (
                <Button mb="xs" fullWidth color="orange" variant={dossier.status === 'financial_obligation' ? 'filled' : 'light'} onClick={() => setPaying(true)} data-action="pay">
                  {t('reports.pay')}
                </Button>
              )}
              {actions.length === 0 ? (
                <Text c="dimmed" tabIndex={-1} data-testid="dossier-finished">{t('dossier.noActions')}</Text>
              ) : (
                <Stack gap="xs">
                  {actions.map((act) => (
                    <Button key={act} ref={act === actions[0] ? primaryAction : undefined} variant={act === actions[0] ? 'filled' : 'default'} onClick={() => setAction(act)} data-action={act}>
                      {actionLabel(act, dossier.status)}
                    </Button>
                  ))}
                </Stack>
              )}
            </Paper>
            {history && <div data-print-panel><DossierPrintPanel dossier={dossier} history={history} config={config} /></div>}
            <Paper withBorder p="md" style={CARD_STYLE}>
              <Title order={4} mb="sm">{t('dossier.history')}</Title>
              <Timeline active={(history?.length ?? 1) - 1} bulletSize={14} lineWidth={2} data-testid="history" styles={TIMELINE_STYLES}>
                {history?.map((h) => (
                  <Timeline.Item key={h.id} title={h.summary} data-action={h.action}>
                    <Text size="xs" c="dimmed">
                      {formatVnDateTime(h.at)} · {h.actor}
                      {h.toStatus && h.fromStatus !== h.toStatus ? ` · → ${STATUS_LABEL_VI[h.toStatus]}` : ''}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      {action && (
        <TransitionModal
          dossier={dossier}
          action={action}
          onClose={(done) => {
            setAction(null);
            if (done) notifications.show({ color: 'green', message: t('dossier.done', { what: ACTION_LABEL_VI[action] }) });
          }}
        />
      )}
      {editing && <EditApplicantModal dossier={dossier} onClose={() => setEditing(false)} />}
      {paying && <PaymentModal dossier={dossier} onClose={() => setPaying(false)} />}
    </Stack>
  );
}

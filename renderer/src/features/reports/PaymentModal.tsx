import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Dossier } from '@shared/domain/dossier';
import { PAYMENT_METHOD_LABEL_VI, PAYMENT_METHODS } from '@shared/domain/fees';
import { formatMoney } from '@shared/domain/procedure';
import { db } from '../../db/instance';
import { recordPayment } from '../../db/reports';
import { describeWriteError } from '../../db/errors';

/** The officer records a fee taken at the desk: amount, method, receipt number. Keyboard: Enter saves. */
export function PaymentModal({ dossier, onClose }: { dossier: Dossier; onClose: () => void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState(dossier.fee > 0 ? String(dossier.fee) : '');
  const [method, setMethod] = useState<string>('cash');
  const [receiptNo, setReceiptNo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await recordPayment(db, dossier.id, { amount: amount.replace(/[.\s]/g, ''), method, receiptNo });
      notifications.show({ color: 'green', message: t('reports.payDone', { amount: formatMoney(next.payment!.amount) }) });
      onClose();
    } catch (e) {
      setError(describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('reports.payTitle', { code: dossier.code })}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {dossier.status === 'financial_obligation' && <Alert color="blue">{t('reports.payResumes')}</Alert>}
          <TextInput label={t('reports.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} inputMode="numeric" />
          <NativeSelect label={t('reports.method')} value={method} onChange={(e) => setMethod(e.currentTarget.value)} data={PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABEL_VI[m] }))} />
          <TextInput label={t('reports.receiptNo')} value={receiptNo} onChange={(e) => setReceiptNo(e.currentTarget.value)} data-autofocus />
          {dossier.fee > 0 && <Text size="sm" c="dimmed">{t('reports.fee')}: {formatMoney(dossier.fee)}</Text>}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('dossier.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('reports.payConfirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

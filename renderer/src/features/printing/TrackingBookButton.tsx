import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { addDays, formatVnDate, parseDateKey, parseVnDate, vnTime } from '@shared/calendar/vnTime';
import { db } from '../../db/instance';
import { countReceivedBetween } from '../../db/dossiers';
import { exportLog } from '../../db/reports';
import { describeWriteError } from '../../db/errors';
import type { DeskConfig } from '../../db/settings';
import { PrintDialog, type PrintJob } from './PrintDialog';
import { trackingBookJob } from './jobs';

const MAX_ROWS = 5000;

/** Form 07: the tracking book of the dossiers received in a date range. */
export function TrackingBookButton({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const today = formatVnDate(Date.now());
  const [asking, setAsking] = useState(false);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<PrintJob | null>(null);

  const submit = async () => {
    const a = parseVnDate(from);
    const b = parseVnDate(to);
    if (!a || !b || a > b) return setError(t('print.badRange'));
    const start = parseDateKey(a);
    const end = parseDateKey(addDays(b, 1));
    const [from_, to_] = [vnTime(start.year, start.month, start.day), vnTime(end.year, end.month, end.day)];
    const count = await countReceivedBetween(db, from_, to_);
    if (count > MAX_ROWS) return setError(t('print.tooMany', { count, max: MAX_ROWS }));
    try {
      // Audited as an export, CCCD and phone masked (the reports page offers the full values).
      const prepared = await exportLog(db, { from: a, to: b }, 'pdf', false);
      setError(null);
      setAsking(false);
      setJob(trackingBookJob(a, b, prepared.trackingRows ?? [], config));
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <>
      <Button variant="default" onClick={() => setAsking(true)}>{t('print.trackingBook')}</Button>
      {asking && (
        <Modal opened onClose={() => setAsking(false)} title={t('print.trackingBook')}>
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <Stack>
              <TextInput label={t('print.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-autofocus />
              <TextInput label={t('print.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
              {error && <Alert color="red" role="alert">{error}</Alert>}
              <Group justify="flex-end"><Button type="submit">{t('print.continue')}</Button></Group>
            </Stack>
          </form>
        </Modal>
      )}
      {job && <PrintDialog job={job} onClose={() => setJob(null)} />}
    </>
  );
}

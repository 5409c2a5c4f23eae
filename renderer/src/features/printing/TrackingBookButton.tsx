import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { can } from '@shared/domain/roles';
import { addDays, formatVnDate, parseDateKey, parseVnDate, vnTime } from '@shared/calendar/vnTime';
import { db } from '../../db/instance';
import { countReceivedBetween, dossiersReceivedBetween, recordRead } from '../../db/dossiers';
import { describeWriteError } from '../../db/errors';
import { useSession } from '../accounts';
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
  const [fullPhone, setFullPhone] = useState(false);
  const session = useSession();
  const mayReveal = !!session && can(session.role, 'reveal');

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
      // An export of personal data: audited, and the full phone numbers are a reveal of their own.
      const what = `sổ theo dõi hồ sơ (mẫu 07) từ ${from} đến ${to}, ${count} hồ sơ, số điện thoại ${fullPhone ? 'đầy đủ' : 'che bớt'}`;
      await recordRead(db, 'exported', { what });
      if (fullPhone) await recordRead(db, 'revealed', { what: `số điện thoại trong sổ theo dõi từ ${from} đến ${to}` });
    } catch (e) {
      return setError(describeWriteError(e));
    }
    setError(null);
    setAsking(false);
    setJob(trackingBookJob(a, b, await dossiersReceivedBetween(db, from_, to_), config, fullPhone && mayReveal));
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
              {mayReveal && <Checkbox label={t('backup.fullPhones')} description={t('backup.fullPhonesHelp')} checked={fullPhone} onChange={(e) => setFullPhone(e.currentTarget.checked)} />}
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

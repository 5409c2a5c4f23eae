// "Kiểm tra toàn vẹn nhật ký" for supervisors and administrators: the first broken link, if any.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { db } from '../../db/instance';
import { verifyAuditChain, type AuditCheck } from '../../db/audit';
import { describeWriteError } from '../../db/errors';

export function AuditIntegrityPanel() {
  const { t } = useTranslation();
  const [result, setResult] = useState<AuditCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await verifyAuditChain(db));
    } catch (e) {
      setError(describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };
  const b = result?.firstBreak;
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={3}>{t('auth.integrityTitle')}</Title>
        <Text size="sm">{t('auth.integrityIntro')}</Text>
        <Button onClick={() => void run()} loading={busy} w="fit-content">{t('auth.integrityRun')}</Button>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {result && !b && <Alert color="green" role="status" data-testid="integrity-result">{t('auth.integrityOk', { count: result.checked })}</Alert>}
        {b && (
          <Alert color="red" role="alert" data-testid="integrity-result">
            {t('auth.integrityBroken', { index: b.index + 1, when: b.at ? new Date(b.at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '?', summary: b.summary ?? '', reason: t(`auth.reason_${b.reason}`) })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

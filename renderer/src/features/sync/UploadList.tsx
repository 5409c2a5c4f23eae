// The outbox screen's files: each scanned file on its way to the province with its progress (bytes sent
// of the total) and state; a refused one with the province's reason and "Gửi lại".
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { Button, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { db } from '../../db/instance';
import type { UploadState } from '../../db/db';
import { retryUpload, uploadCounts, uploadList } from '../../sync/uploads';
import { formatBytes } from './formatBytes';

export const UPLOAD_COLOR: Record<UploadState, string> = { pending: 'gray', uploading: 'blue', done: 'green', failed: 'orange', refused: 'red' };

export function UploadList() {
  const { t } = useTranslation();
  const rows = useLiveQuery(() => uploadList(db), []);
  const counts = useLiveQuery(() => uploadCounts(db), []);
  if (!rows || !counts) return null;
  return (
    <Stack gap="xs" data-testid="upload-list">
      <Title order={4}>{t('uploads.title')}</Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t('uploads.none')}</Text>
      ) : (
        <>
          <Text size="sm" data-testid="upload-counts">{t('uploads.counts', counts)}</Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('uploads.code')}</Table.Th>
                <Table.Th>{t('uploads.file')}</Table.Th>
                <Table.Th w="30%">{t('uploads.progress')}</Table.Th>
                <Table.Th>{t('uploads.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="upload-row" data-upload-state={r.state} data-file-id={r.fileId}>
                  <Table.Td ff="monospace">
                    <a href={`#/dossier/${encodeURIComponent(r.dossierId)}`}>{r.code || '—'}</a>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>{r.fileName}</Table.Td>
                  <Table.Td>
                    <Progress value={r.percent} color={UPLOAD_COLOR[r.state]} animated={r.state === 'uploading'} aria-label={t('uploads.progress')} data-testid="upload-progress" data-percent={r.percent} />
                    <Text size="xs" c="dimmed" data-testid="upload-bytes">{t('uploads.bytes', { sent: formatBytes(r.bytesSent), total: formatBytes(r.total), percent: r.percent })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600} c={UPLOAD_COLOR[r.state]} data-testid="upload-state">{t(`uploads.stateName.${r.state}`)}</Text>
                    {r.error && <Text size="xs" c={r.state === 'refused' ? 'red' : 'orange'} maw={320} style={{ whiteSpace: 'normal' }} data-testid="upload-error">{r.error}</Text>}
                  </Table.Td>
                  <Table.Td>{r.state === 'refused' && <Button size="xs" variant="default" onClick={() => void retryUpload(db, r.id, Date.now())}>{t('uploads.retry')}</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

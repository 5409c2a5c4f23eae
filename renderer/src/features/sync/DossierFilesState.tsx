// On the dossier page: for each component (and the result) with a scanned file, whether the file has
// reached the province: "Đã gửi lên tỉnh", "Đang gửi 45%", "Chờ gửi", "Lỗi: …".
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { Badge, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { fromVnStamp } from '@shared/sync/time';
import { db } from '../../db/instance';
import { dossierUploads, type UploadView } from '../../sync/uploads';
import { UPLOAD_COLOR } from './UploadList';

function label(t: (k: string, o?: Record<string, unknown>) => string, u: UploadView): string {
  if (u.state === 'done') {
    const at = u.receivedAt ? fromVnStamp(u.receivedAt) : null;
    return at != null ? t('uploads.atProvinceAt', { at: formatVnDateTime(at) }) : t('uploads.atProvince');
  }
  if (u.state === 'uploading') return t('uploads.sending', { percent: u.percent });
  if (u.state === 'pending') return t('uploads.waiting');
  return t('uploads.error', { reason: u.error ?? '' });
}

export function DossierFilesState({ dossierId, components }: { dossierId: string; components: { componentId: string; name: string }[] }) {
  const { t } = useTranslation();
  const uploads = useLiveQuery(() => dossierUploads(db, dossierId), [dossierId]);
  if (!uploads || Object.keys(uploads).length === 0) return null;
  const slots = [...components.map((c) => ({ slot: `component:${c.componentId}`, name: c.name })), { slot: 'result', name: t('uploads.result') }].filter((s) => uploads[s.slot]);
  return (
    <Paper withBorder p="md" data-testid="dossier-files">
      <Stack gap={6}>
        <Title order={5}>{t('uploads.dossierTitle')}</Title>
        {slots.map((s) => {
          const u = uploads[s.slot];
          return (
            <Stack key={s.slot} gap={2} data-testid="dossier-file" data-slot={s.slot} data-upload-state={u.state}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" lineClamp={2}>{s.name}</Text>
                {u.state === 'uploading' && <Badge color={UPLOAD_COLOR[u.state]} variant="light" style={{ flexShrink: 0 }}>{u.percent}%</Badge>}
              </Group>
              {u.state === 'uploading' && <Progress value={u.percent} size="sm" animated />}
              <Text size="xs" c={u.state === 'refused' || u.state === 'failed' ? 'red' : u.state === 'done' ? 'green' : 'dimmed'} data-testid="dossier-file-state">{label(t, u)}</Text>
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}

// How much of the browser's storage the desk uses (navigator.storage.estimate), and the scans' share.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Text } from '@mantine/core';
import { formatMb } from '@shared/scans/rules';
import { db } from '../../db/instance';
import { scanStorageBytes, storageEstimate } from '../../db/scans';

export function StorageUsage({ extra }: { extra?: string }) {
  const { t } = useTranslation();
  const scans = useLiveQuery(() => scanStorageBytes(db), []);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    storageEstimate().then(setEstimate, () => setEstimate(null));
  }, [scans?.bytes]);
  const parts: string[] = [];
  if (scans) parts.push(t('scans.storageScans', { files: scans.files, size: formatMb(scans.bytes) }));
  if (estimate && estimate.quota > 0) parts.push(t('scans.storageTotal', { usage: formatMb(estimate.usage), quota: formatMb(estimate.quota), percent: Math.round((estimate.usage / estimate.quota) * 100) }));
  if (extra) parts.push(extra);
  return (
    <Text size="xs" c={estimate && estimate.quota > 0 && estimate.usage / estimate.quota > 0.9 ? 'red' : 'dimmed'} data-testid="scan-storage">
      {parts.join(' · ')}
    </Text>
  );
}

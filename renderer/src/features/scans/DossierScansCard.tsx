// The dossier's digitised components: each component and the result ("Kết quả") with its scan's pages,
// size, SHA-256, who digitised it and when; files dropped on a row, picked, or offered by the scanner's
// hot folder (Electron) open the editor of that slot.
import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import type { Dossier } from '@shared/domain/dossier';
import { can } from '@shared/domain/roles';
import { componentSlot, formatMb, RESULT_SLOT, scanFileName, shortSha } from '@shared/scans/rules';
import type { ScanInboxFile } from '@shared/host/contract';
import { db } from '../../db/instance';
import { readScanDpi, removeScan, scanFilesOfDossier } from '../../db/scans';
import { describeWriteError } from '../../db/errors';
import { host } from '../../host';
import { useSession } from '../accounts/useSession';
import { ScanEditor, type IncomingScan } from './ScanEditor';

interface Slot {
  slot: string;
  label: string;
}

const INBOX_POLL_MS = 2000;

export function DossierScansCard({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const session = useSession();
  const files = useLiveQuery(() => scanFilesOfDossier(db, dossier.id), [dossier.id]);
  const dpi = useLiveQuery(() => readScanDpi(db), []) ?? 200;
  const [editing, setEditing] = useState<{ slot: Slot; incoming: IncomingScan[]; inboxName?: string } | null>(null);
  const [dropSlot, setDropSlot] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mayDigitise = !!session && can(session.role, 'digitise');

  const slots: Slot[] = [
    ...dossier.components.map((c) => ({ slot: componentSlot(c.componentId), label: c.name })),
    { slot: RESULT_SLOT, label: t('scans.result') },
  ];
  const bySlot = new Map((files ?? []).map((f) => [f.slot, f]));

  const open = (slot: Slot, incoming: IncomingScan[] = [], inboxName?: string) => {
    setError(null);
    setEditing({ slot, incoming, inboxName });
  };

  const remove = async (slot: Slot) => {
    if (!window.confirm(t('scans.removeConfirm', { label: slot.label }))) return;
    try {
      await removeScan(db, dossier.id, slot.slot);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Paper withBorder p="md" data-testid="scans-card" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('scans.cardTitle')}</Title>
        <Text size="xs" c="dimmed">{t('scans.dpiNote', { dpi })}</Text>
      </Group>
      {mayDigitise && <HotFolderInbox slots={slots} onTake={(slot, name, bytes) => open(slot, [{ name, bytes }], name)} />}
      <Table verticalSpacing={6} data-testid="scans-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('scans.component')}</Table.Th>
            <Table.Th w={60}>{t('scans.pages')}</Table.Th>
            <Table.Th w={80} style={{ whiteSpace: 'nowrap' }}>{t('scans.size')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('scans.sha')}</Table.Th>
            <Table.Th>{t('scans.by')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {slots.map((s) => {
            const f = bySlot.get(s.slot);
            return (
              <Table.Tr
                key={s.slot}
                data-testid="scan-slot"
                data-slot={s.slot}
                onDragOver={mayDigitise ? (e) => { e.preventDefault(); setDropSlot(s.slot); } : undefined}
                onDragLeave={() => setDropSlot(null)}
                onDrop={mayDigitise ? (e) => {
                  e.preventDefault();
                  setDropSlot(null);
                  const dropped = [...e.dataTransfer.files].map((file) => ({ name: file.name, file }));
                  if (dropped.length) open(s, dropped);
                } : undefined}
                style={{ background: dropSlot === s.slot ? 'var(--mantine-color-blue-0)' : undefined, outline: dropSlot === s.slot ? '2px dashed var(--mantine-color-blue-5)' : undefined }}
              >
                <Table.Td>{s.slot === RESULT_SLOT ? <Text fw={600} span>{s.label}</Text> : s.label}</Table.Td>
                <Table.Td data-testid="scan-pages-count">{f ? f.pageCount : '—'}</Table.Td>
                <Table.Td>{f ? formatMb(f.bytes) : '—'}</Table.Td>
                <Table.Td>{f ? <Text span ff="monospace" size="sm" title={f.sha256} style={{ whiteSpace: 'nowrap' }} data-testid="scan-sha">{shortSha(f.sha256)}</Text> : '—'}</Table.Td>
                <Table.Td>{f ? <Text size="sm" data-testid="scan-by">{f.digitisedByName}, {formatVnDateTime(f.digitisedAt)}</Text> : <Text size="sm" c="dimmed">{t('scans.notYet')}</Text>}</Table.Td>
                <Table.Td>
                  {!mayDigitise && f && <Button size="compact-sm" variant="default" onClick={() => open(s)} data-testid="scan-view">{t('scans.view')}</Button>}
                  {mayDigitise && (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button size="compact-sm" variant={f ? 'default' : 'light'} onClick={() => open(s)} data-testid="scan-open">{f ? t('scans.edit') : t('scans.digitise')}</Button>
                      {f && <Button size="compact-sm" variant="subtle" color="red" onClick={() => void remove(s)} data-testid="scan-remove">{t('scans.remove')}</Button>}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {mayDigitise && <Text size="xs" c="dimmed" mt={4}>{t('scans.dropOnRow')}</Text>}
      {error && <Alert color="red" role="alert" mt="xs">{error}</Alert>}
      {editing && (
        <ScanEditor
          dossierId={dossier.id}
          slot={editing.slot.slot}
          label={editing.slot.label}
          fileName={scanFileName(dossier.code, editing.slot.slot === RESULT_SLOT ? 'Kết quả' : editing.slot.label)}
          existing={bySlot.get(editing.slot.slot)}
          incoming={editing.incoming}
          dpi={dpi}
          readOnly={!mayDigitise}
          onClose={(saved) => {
            const name = editing.inboxName;
            setEditing(null);
            if (!saved) return;
            notifications.show({ color: 'green', message: t('scans.saved', { label: editing.slot.label }) });
            // The hot folder's file is taken: it moves to "Đã nhận" and is not offered again.
            if (name) host.scanInboxDone({ name }).catch((e: unknown) => notifications.show({ color: 'red', message: describeWriteError(e) }));
          }}
        />
      )}
    </Paper>
  );
}

/**
 * The scanner's hot folder (Electron): each new file is announced ("Tệp quét mới: …") and offered for this
 * dossier, with the component to put it in; "Bỏ qua" sets it aside into "Đã nhận".
 */
function HotFolderInbox({ slots, onTake }: { slots: Slot[]; onTake: (slot: Slot, name: string, bytes: Uint8Array) => void }) {
  const { t } = useTranslation();
  const [inbox, setInbox] = useState<ScanInboxFile[]>([]);
  const [supported, setSupported] = useState(false);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const status = await host.scanFolder();
        if (stop || !status.supported) return; // a browser has no hot folder: nothing to watch
        setSupported(!!status.folder);
        if (status.supported && status.folder) {
          const { files } = await host.scanInbox();
          if (stop) return;
          const known = seen.current;
          if (known) for (const f of files) if (!known.has(f.name)) notifications.show({ title: t('scans.newScanTitle'), message: t('scans.newScan', { name: f.name }), color: 'blue' });
          seen.current = new Set(files.map((f) => f.name));
          setInbox(files);
        }
      } catch {
        // the folder is gone or unreadable: the status line of Settings explains it
      }
      if (!stop) timer = setTimeout(() => void poll(), INBOX_POLL_MS);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [t]);

  if (!supported || inbox.length === 0) return null;
  const take = async (f: ScanInboxFile) => {
    setError(null);
    const slot = slots.find((s) => s.slot === (choice[f.name] ?? slots[0].slot)) ?? slots[0];
    try {
      const { bytes } = await host.scanInboxRead({ name: f.name });
      onTake(slot, f.name, bytes);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  const skip = async (f: ScanInboxFile) => {
    try {
      await host.scanInboxDone({ name: f.name });
      setInbox((x) => x.filter((y) => y.name !== f.name));
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  return (
    <Stack gap={6} mb="sm" data-testid="scan-inbox">
      {inbox.slice(0, 10).map((f) => (
        <Paper key={f.name} withBorder p={6} bg="blue.0">
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>{t('scans.newScan', { name: f.name })} ({formatMb(f.bytes)})</Text>
            <NativeSelect size="xs" aria-label={t('scans.component')} data={slots.map((s) => ({ value: s.slot, label: s.label }))} value={choice[f.name] ?? slots[0].slot} onChange={(e) => setChoice((c) => ({ ...c, [f.name]: e.currentTarget.value }))} />
            <Button size="compact-sm" onClick={() => void take(f)}>{t('scans.take')}</Button>
            <Button size="compact-sm" variant="subtle" onClick={() => void skip(f)}>{t('scans.skip')}</Button>
          </Group>
        </Paper>
      ))}
      {inbox.length > 10 && <Text size="xs" c="dimmed">{t('scans.moreInInbox', { count: inbox.length - 10 })}</Text>}
      {error && <Alert color="red" role="alert">{error}</Alert>}
    </Stack>
  );
}

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Group, NativeSelect, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatVnDate, formatVnDateTime } from '@shared/calendar/vnTime';
import { deadlineState } from '@shared/domain/deadline';
import { DOSSIER_STATUSES, STATUS_LABEL_VI, type DossierStatus } from '@shared/domain/status';
import { db } from '../../db/instance';
import { countByStatus, listDossiers, PAGE_SIZE, recordRead, searchDossiers, type ListScope } from '../../db/dossiers';
import { useNow } from '../../ui/useNow';
import { StatusBadge } from './StatusBadge';
import { TrackingBookButton } from '../printing/TrackingBookButton';
import type { DeskConfig } from '../../db/settings';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function DossierListPage({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const [query, setQuery] = useState(() => sessionStorage.getItem('list.query') ?? '');
  const [scope, setScope] = useState<ListScope>(() => (sessionStorage.getItem('list.scope') as ListScope) ?? 'today');
  const [status, setStatus] = useState<DossierStatus | 'active' | ''>('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const debounced = useDebounced(query, 120);
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => setLimit(PAGE_SIZE), [debounced, scope, status]);
  // Searching by a citizen's ID number is a read of personal data: audited (the number masked).
  useEffect(() => {
    const digits = debounced.replace(/\s+/g, '');
    if (/^\d{12}$/.test(digits)) recordRead(db, 'searched_id', { idNumber: digits }).catch(() => undefined);
  }, [debounced]);
  useEffect(() => {
    sessionStorage.setItem('list.scope', scope);
  }, [scope]);

  const rows = useLiveQuery(
    () => (debounced.trim() ? searchDossiers(db, debounced, limit) : listDossiers(db, { scope, status: status || null, now, limit })),
    [debounced, scope, status, now, limit],
  );
  const counts = useLiveQuery(() => countByStatus(db), []);

  const rowLinks = () => [...(table.current?.querySelectorAll<HTMLAnchorElement>('a[data-row-link]') ?? [])];
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && rows?.length)) {
      e.preventDefault();
      const first = rowLinks()[0];
      if (e.key === 'Enter' && rows?.length === 1) first?.click();
      else first?.focus();
    }
  };
  const onTableKey = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = rowLinks();
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    e.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('list.title')}</Title>
        <Group>
          {rows && <Text c="dimmed" size="sm">{t('list.results', { count: rows.length })}{rows.length >= limit ? '+' : ''}</Text>}
          <TrackingBookButton config={config} />
        </Group>
      </Group>
      <TextInput
        autoFocus
        aria-label={t('list.search')}
        placeholder={t('list.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          sessionStorage.setItem('list.query', e.currentTarget.value);
        }}
        onKeyDown={onSearchKey}
        size="md"
      />
      {!debounced.trim() && (
        <Group>
          <SegmentedControl
            value={scope}
            onChange={(v) => setScope(v as ListScope)}
            data={[
              { value: 'today', label: t('list.scopeToday') },
              { value: 'due', label: t('list.scopeDue') },
              { value: 'all', label: t('list.scopeAll') },
            ]}
          />
          <NativeSelect
            aria-label={t('list.status')}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as DossierStatus | 'active' | '')}
            data={[
              { value: '', label: t('list.allStatuses') },
              { value: 'active', label: t('list.active') },
              ...DOSSIER_STATUSES.map((s) => ({ value: s, label: `${STATUS_LABEL_VI[s]}${counts ? ` (${counts[s]})` : ''}` })),
            ]}
          />
        </Group>
      )}
      <Table ref={table} striped highlightOnHover onKeyDown={onTableKey} data-testid="dossier-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('list.code')}</Table.Th>
            <Table.Th>{t('list.applicant')}</Table.Th>
            <Table.Th>{t('list.procedure')}</Table.Th>
            <Table.Th>{t('list.received')}</Table.Th>
            <Table.Th>{t('office.deskColumn')}</Table.Th>
            <Table.Th>{t('list.appointment')}</Table.Th>
            <Table.Th>{t('list.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows?.map((d) => {
            const deadline = deadlineState(d, now);
            return (
              <Table.Tr key={d.id} bg={deadline === 'overdue' ? 'red.0' : deadline === 'due_today' ? 'yellow.0' : undefined} data-deadline={deadline ?? undefined}>
                <Table.Td>
                  <Anchor href={`#/dossier/${encodeURIComponent(d.id)}`} data-row-link ff="monospace">{d.code}</Anchor>
                </Table.Td>
                <Table.Td>{d.applicant.fullName}</Table.Td>
                <Table.Td><Text size="sm" lineClamp={2}>{d.procedureName}</Text></Table.Td>
                <Table.Td>{formatVnDate(d.receivedAt)}</Table.Td>
                <Table.Td data-testid="receiving-desk">
                  {d.channel === 'online' ? t('office.receivedOnline') : d.peer ? <Badge variant="light" color="grape" size="sm">{t('office.receivedBy', { desk: d.deskNo })}</Badge> : t('office.receivedBy', { desk: d.deskNo })}
                </Table.Td>
                <Table.Td>
                  {formatVnDateTime(d.appointmentAt)}{' '}
                  {deadline && <Badge color={deadline === 'overdue' ? 'red' : 'yellow'} size="sm">{deadline === 'overdue' ? t('list.overdue') : t('list.dueToday')}</Badge>}
                </Table.Td>
                <Table.Td><StatusBadge status={d.status} /></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {rows && rows.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      {rows && rows.length >= limit && (
        <Button variant="default" onClick={() => setLimit((l) => l + PAGE_SIZE)}>{t('list.more')}</Button>
      )}
    </Stack>
  );
}

import { useTranslation } from 'react-i18next';
import { Stack, Tabs, Title } from '@mantine/core';
import type { DeskConfig } from '../../db/settings';
import { DashboardPanel } from './DashboardPanel';
import { LogExportPanel } from './LogExportPanel';
import { FeesPanel } from './FeesPanel';

export function ReportsPage({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('reports.title')}</Title>
      <Tabs defaultValue={sessionStorage.getItem('reports.tab') ?? 'figures'} onChange={(v) => v && sessionStorage.setItem('reports.tab', v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="figures">{t('reports.tabFigures')}</Tabs.Tab>
          <Tabs.Tab value="log">{t('reports.tabLog')}</Tabs.Tab>
          <Tabs.Tab value="fees">{t('reports.tabFees')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="figures" pt="md"><DashboardPanel /></Tabs.Panel>
        <Tabs.Panel value="log" pt="md"><LogExportPanel config={config} /></Tabs.Panel>
        <Tabs.Panel value="fees" pt="md"><FeesPanel config={config} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

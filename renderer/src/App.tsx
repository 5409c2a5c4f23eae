import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, AppShell, Box, Button, Center, Group, Loader, Text, Title } from '@mantine/core';
import { db, requestPersistentStorage, sessionRestored, useDbState } from './db/instance';
import { ensureCatalog, loadDeskConfig } from './db/settings';
import { navigate, useRoute } from './ui/router';
import { setLanguage } from './i18n';
import { SetupForm } from './features/setup/SetupForm';
import { SettingsPage } from './features/setup/SettingsPage';
import { ReceivePage } from './features/reception/ReceivePage';
import { DossierListPage } from './features/dossiers/DossierListPage';
import { DossierPage } from './features/dossiers/DossierPage';
import { SyncIndicator } from './features/sync';
import { ReportsPage } from './features/reports';
import { FirstAdminForm, LockScreen, LoginForm, useIdleLock, useSession } from './features/accounts';
import { hasAccounts, lockScreen, logout } from './db/accounts';
import { ROLE_LABEL_VI, can } from '@shared/domain/roles';
import { BackupBanners, startBackupScheduler } from './features/backup';
import { PostalPage } from './features/postal/PostalPage';
import { BatchPage } from './features/postal/BatchPage';
import { ScannerListener } from './features/postal/ScannerListener';
import { UpdateBanner } from './ui/UpdateBanner';

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const dbState = useDbState();
  const [openError, setOpenError] = useState<string | null>(null);
  const [persistent, setPersistent] = useState(true);
  const config = useLiveQuery(() => loadDeskConfig(db), []);
  const anyAccount = useLiveQuery(async () => {
    await sessionRestored;
    return hasAccounts(db);
  }, []);
  const session = useSession();
  useIdleLock(!!session && !session.locked);

  useEffect(() => {
    ensureCatalog(db).catch((e: Error) => setOpenError(e.message));
    requestPersistentStorage().then(setPersistent, () => setPersistent(false));
    startBackupScheduler();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        navigate('receive');
      } else if (e.key === 'F3') {
        e.preventDefault();
        navigate('list');
      }
    };
    // Capture phase: widgets such as the procedure picker stop their keys from bubbling.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (openError) {
    return <Alert color="red" m="xl" title={t('app.title')}>{t('app.dbOpenFailed', { reason: openError })}</Alert>;
  }
  if (!config || anyAccount === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  const setUp = config.office && config.desk && session;

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
            {/* Below 1408 px the menu and the sync state need the room: the short name, so nothing overlaps the buttons. */}
            <Title order={4} style={{ whiteSpace: 'nowrap', flexShrink: 0 }} visibleFrom="xl">{t('app.title')}</Title>
            <Title order={4} style={{ whiteSpace: 'nowrap', flexShrink: 0 }} hiddenFrom="xl">{t('intake.shortTitle')}</Title>
            {config.office && (
              <Text size="sm" c="dimmed" truncate visibleFrom="xl">
                {config.office.communeName} · {t('dossier.desk')} {config.desk?.deskNo}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            {setUp && (
              <>
                <NavButton label={t('app.nav.receive')} short={t('app.navShort.receive')} active={route.name === 'receive'} onClick={() => navigate('receive')} />
                <NavButton label={t('app.nav.list')} short={t('app.navShort.list')} active={route.name === 'list' || route.name === 'dossier'} onClick={() => navigate('list')} />
                <NavButton label={t('reports.nav')} active={route.name === 'reports'} onClick={() => navigate('reports')} />
                {can(session.role, 'postal') && <NavButton label={t('app.nav.postal')} active={route.name === 'postal' || route.name === 'batch'} onClick={() => navigate('postal')} />}
                <NavButton label={t('app.nav.settings')} active={route.name === 'settings'} onClick={() => navigate('settings')} />
              </>
            )}
            {setUp && <SyncIndicator />}
            {session && (
              <>
                <Text size="sm" data-testid="current-account" title={`${session.displayName} · ${ROLE_LABEL_VI[session.role]}`} truncate style={{ maxWidth: 140 }} visibleFrom="lg">
                  {session.displayName}
                </Text>
                <Button variant="default" size="xs" aria-label={t('auth.lock')} onClick={() => void lockScreen(db, 'shortcut')}>
                  <ShortOrFull label={t('auth.lock')} short={t('app.navShort.lock')} />
                </Button>
                <Button variant="default" size="xs" onClick={() => void logout(db)}>{t('auth.logout')}</Button>
              </>
            )}
            <Button variant="default" size="xs" onClick={() => setLanguage(i18n.language === 'vi' ? 'en' : 'vi')}>
              {t('app.language')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <UpdateBanner />
        {dbState !== 'open' && (
          <Alert color={dbState === 'closed_by_upgrade' ? 'red' : 'yellow'} mb="md" role="alert">
            <Group justify="space-between">
              <Text>{dbState === 'closed_by_upgrade' ? t('app.dbClosed') : t('app.dbBlocked')}</Text>
              {dbState === 'closed_by_upgrade' && <Button onClick={() => window.location.reload()}>{t('app.reload')}</Button>}
            </Group>
          </Alert>
        )}
        {!persistent && (
          <Alert color="yellow" mb="md" variant="light">
            {t('app.storageNotPersistent')}
          </Alert>
        )}
        {session && !session.locked && <BackupBanners role={session.role} />}
        {session?.locked && <LockScreen session={session} />}
        {setUp && !session.locked && <ScannerListener config={config} />}
        {!anyAccount ? (
          <FirstAdminForm />
        ) : !session ? (
          <LoginForm />
        ) : !setUp ? (
          <SetupForm config={config} firstRun />
        ) : route.name === 'list' ? (
          <DossierListPage config={config} />
        ) : route.name === 'dossier' ? (
          <DossierPage id={route.id} config={config} />
        ) : route.name === 'reports' ? (
          <ReportsPage config={config} />
        ) : route.name === 'postal' ? (
          <PostalPage />
        ) : route.name === 'batch' ? (
          <BatchPage id={route.id} config={config} />
        ) : route.name === 'settings' ? (
          <SettingsPage config={config} />
        ) : (
          <ReceivePage config={config} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}

/** A label that gives way to a short one below 1408 px, where the header is short of room. */
function ShortOrFull({ label, short }: { label: string; short?: string }) {
  if (!short) return label;
  return (
    <>
      <Box component="span" visibleFrom="xl">{label}</Box>
      <Box component="span" hiddenFrom="xl">{short}</Box>
    </>
  );
}

/** A menu button; its accessible name is always the full label (with its shortcut). */
function NavButton({ label, short, active, onClick }: { label: string; short?: string; active: boolean; onClick: () => void }) {
  return (
    <Button size="compact-md" variant={active ? 'filled' : 'subtle'} onClick={onClick} aria-label={label}>
      <ShortOrFull label={label} short={short} />
    </Button>
  );
}

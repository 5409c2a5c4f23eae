import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { App } from './App';
import { startOfflineShell } from './host/offlineShell';

const theme = createTheme({ primaryColor: 'blue', defaultRadius: 'sm' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      {/* Bottom right, the width of the side panel: never over the menu or the form. */}
      <Notifications position="bottom-right" containerWidth={320} />
      <App />
    </MantineProvider>
  </StrictMode>,
);

startOfflineShell();

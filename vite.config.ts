import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

// The renderer. base './' so the same build loads from app://desk/ in Electron and from any web path.
// In a browser a service worker precaches the whole shell (scripts, styles, the forms' fonts), so the desk
// starts with no network; Electron loads from app:// and does not register it (host/offlineShell.ts).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      // No install prompt is wanted: the shell is cached so that a postal office's browser starts offline.
      manifest: false,
      workbox: {
        // mjs: pdf.js's worker (the scans' previews).
        globPatterns: ['**/*.{js,mjs,css,html,ttf,woff2,svg,png}'],
        // The forms chunk and each Tinos face are 0.5–1.2 MB; the default 2 MiB limit would be enough
        // today, 6 MiB leaves room without silently dropping a file from the offline shell.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(pkg.version) },
  resolve: { alias },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});

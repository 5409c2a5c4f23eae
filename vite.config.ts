import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import pkg from './package.json' with { type: 'json' };

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

// The renderer. base './' so the same build loads from app://desk/ in Electron and from any web path.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(pkg.version) },
  resolve: { alias },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});

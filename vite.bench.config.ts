import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The benchmark page, built beside the renderer so both share one origin (and one IndexedDB).
export default defineConfig({
  root: 'test/bench/page',
  base: './',
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  build: { outDir: '../../../dist/bench', emptyOutDir: true, minify: false },
});

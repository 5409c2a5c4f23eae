#!/usr/bin/env node
/**
 * Bundles the Electron main process and preload with esbuild:
 *   electron/main.ts    → dist/electron/main.cjs     (CJS, platform node, 'electron' external)
 *   electron/preload.ts → dist/electron/preload.cjs  (CJS: sandboxed preloads cannot load ESM)
 *
 * The preload gets the host contract's channel map injected at build time (__DESK_HOST_CHANNELS__), read
 * from shared/host/contract.ts itself, so the preload stays tiny and carries no zod.
 *
 * Usage: node scripts/build-electron.mjs [--watch] [--minify]
 */
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** Electron 45 runs Node 22 and Chromium 14x. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: ['node22', 'chrome138'],
  external: ['electron'],
  sourcemap: true,
  minify,
  legalComments: 'none',
  logLevel: 'info',
  absWorkingDir: root,
};

async function loadHostChannels() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'shared/host/contract.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const channels = mod.HOST_CHANNELS;
  const names = mod.HOST_FUNCTION_NAMES;
  if (!channels || !Array.isArray(names) || names.some((n) => typeof channels[n] !== 'string')) {
    throw new Error('shared/host/contract.ts must export HOST_CHANNELS and HOST_FUNCTION_NAMES');
  }
  if (Object.keys(channels).length !== names.length) {
    throw new Error('HOST_CHANNELS and HOST_FUNCTION_NAMES disagree');
  }
  return channels;
}

/** The preload may require nothing but 'electron', and must not contain zod. */
async function checkPreload() {
  const text = await readFile(path.join(outDir, 'preload.cjs'), 'utf8');
  const requires = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  const foreign = requires.filter((r) => r !== 'electron');
  if (foreign.length > 0) throw new Error(`preload.cjs requires ${foreign.join(', ')}: a sandboxed preload cannot`);
  if (/node_modules[\\/]zod/.test(text)) throw new Error('preload.cjs bundles zod: import only types from the contract');
}

const channels = await loadHostChannels();

const mainOptions = {
  ...common,
  entryPoints: { main: path.join(root, 'electron/main.ts') },
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
};

const preloadOptions = {
  ...common,
  entryPoints: { preload: path.join(root, 'electron/preload.ts') },
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
  define: { __DESK_HOST_CHANNELS__: JSON.stringify(channels) },
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(mainOptions), esbuild.context(preloadOptions)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build-electron: watching (the channel map is read once; restart after changing the contract)');
} else {
  await Promise.all([esbuild.build(mainOptions), esbuild.build(preloadOptions)]);
  await checkPreload();
  console.log('build-electron: dist/electron/main.cjs and dist/electron/preload.cjs');
}

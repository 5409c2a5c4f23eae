/**
 * Electron main entry: wires the modules together. No business rules here, and nothing untested beyond
 * passing Electron's objects to the plain functions of electron/*.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { execFile } from 'node:child_process';
import fsCallback from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_SCHEME, loadShellConfig, SHELL_CONFIG_FILE } from './config';
import { createSaveFile, createSavePdf } from './files';
import { createBackupFolder } from './backups';
import { watch } from 'chokidar';
import { createScanFolder, type WatchFn } from './scanFolder';
import { createSenderCheck, registerHostIpc, type HostHandlers } from './ipc';
import { createLogger } from './log';
import { createPrinting, detectDefaultPrinter } from './printing';
import { buildCsp, createAppRequestHandler, registerAppScheme } from './protocol';
import { createSecretStore, SECRETS_FILE } from './secrets';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';
import { createMainWindow, focusWindow, setupSingleInstance } from './window';

const log = createLogger();

// dist/electron/main.cjs → dist/electron/preload.cjs and dist/renderer/
const preloadPath = path.join(__dirname, 'preload.cjs');
const rendererRoot = path.join(__dirname, '..', 'renderer');

// ---- Before the app is ready -------------------------------------------------------------------------
registerAppScheme(protocol);
app.enableSandbox();
// Tests (unpackaged only) may isolate their profile; it also isolates the single-instance lock.
if (!app.isPackaged && process.env.DESK_USER_DATA_DIR) app.setPath('userData', process.env.DESK_USER_DATA_DIR);
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

let mainWindow: BrowserWindow | null = null;

if (setupSingleInstance(app, () => mainWindow)) {
  start().catch(() => {
    log.error('startup failed');
    app.quit();
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('vn.gov.motcua.desk');
  if (app.isPackaged && process.platform !== 'darwin') Menu.setApplicationMenu(null);

  const userData = app.getPath('userData');
  const config = await loadShellConfig({
    env: process.env,
    readTextFile: (p) => fs.readFile(p, 'utf8'),
    configPath: path.join(userData, SHELL_CONFIG_FILE),
  });

  hardenSession(session.defaultSession, log);

  // Callback fs APIs: Electron's asar support covers them everywhere.
  protocol.handle(
    APP_SCHEME,
    createAppRequestHandler({
      root: rendererRoot,
      csp: buildCsp({ connectOrigins: config.connectOrigins }),
      fs: {
        realpath: promisify(fsCallback.realpath),
        stat: promisify(fsCallback.stat),
        readFile: promisify(fsCallback.readFile),
      },
    }),
  );

  const run = (command: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        command,
        args,
        { timeout: 3000, windowsHide: true, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } },
        (error, stdout) => (error ? reject(error) : resolve(String(stdout))),
      );
    });

  const printing = createPrinting({
    createPrintWindow: () =>
      new BrowserWindow({
        show: false,
        width: 900,
        height: 1200,
        webPreferences: { ...secureWebPreferences({ plugins: true }), backgroundThrottling: false },
      }),
    getPrinters: async () => {
      const contents = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
      return contents ? contents.getPrintersAsync() : [];
    },
    getDefaultPrinterName: () => detectDefaultPrinter(process.platform, run),
    fs: {
      mkdtemp: (prefix) => fs.mkdtemp(prefix),
      writeFile: (p, data) => fs.writeFile(p, data),
      rm: (p, options) => fs.rm(p, options),
    },
    tmpDir: os.tmpdir(),
    log,
  });

  const fileDeps = {
    dialog,
    getWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
    defaultDir: () => app.getPath('documents'),
    writeFile: (p: string, data: Uint8Array) => fs.writeFile(p, data),
    log,
  };
  const savePdf = createSavePdf<BrowserWindow>(fileDeps);
  const saveFile = createSaveFile<BrowserWindow>(fileDeps);

  const secrets = createSecretStore({
    safeStorage,
    platform: process.platform,
    filePath: path.join(userData, SECRETS_FILE),
    fs: {
      readFile: (p, encoding) => fs.readFile(p, encoding),
      writeFile: (p, data, options) => fs.writeFile(p, data, options),
      rename: (from, to) => fs.rename(from, to),
      rm: (p, options) => fs.rm(p, options),
    },
    log,
  });

  const backups = createBackupFolder<BrowserWindow>({
    dialog,
    getWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
    configPath: path.join(userData, 'backup-folder.json'),
    fs: {
      readFile: (p, encoding) => fs.readFile(p, encoding),
      writeFile: (p, data) => fs.writeFile(p, data),
      appendFile: (p, data) => fs.appendFile(p, data),
      rename: (from, to) => fs.rename(from, to),
      rm: (p, options) => fs.rm(p, options),
      readdir: (p) => fs.readdir(p),
      stat: (p) => fs.stat(p),
    },
    log,
  });

  const scanFolder = createScanFolder<BrowserWindow>({
    dialog,
    getWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
    configPath: path.join(userData, 'scan-folder.json'),
    fs: {
      readFile: (p) => fs.readFile(p),
      readTextFile: (p) => fs.readFile(p, 'utf8'),
      writeFile: (p, data) => fs.writeFile(p, data),
      rename: (from, to) => fs.rename(from, to),
      mkdir: (p) => fs.mkdir(p, { recursive: true }),
      realpath: (p) => fs.realpath(p),
      lstat: (p) => fs.lstat(p),
      access: (p) => fs.access(p),
    },
    watch: watch as unknown as WatchFn,
    log,
  });
  app.on('before-quit', () => void scanFolder.close());

  const handlers: HostHandlers = {
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, shell: 'electron' }),
    listPrinters: () => printing.listPrinters(),
    printPdf: (request) => printing.printPdf(request),
    savePdf: (request) => savePdf(request),
    saveFile: (request) => saveFile(request),
    secretGet: async ({ key }) => ({ value: await secrets.get(key) }),
    secretSet: async ({ key, value }) => {
      await secrets.set(key, value);
      return { ok: true };
    },
    secretDelete: async ({ key }) => {
      await secrets.delete(key);
      return { ok: true };
    },
    backupChooseFolder: () => backups.chooseFolder(),
    backupFolder: () => backups.status(),
    backupWrite: (request) => backups.write(request),
    scanFolderChoose: () => scanFolder.chooseFolder(),
    scanFolder: () => scanFolder.status(),
    scanInbox: () => scanFolder.inbox(),
    scanInboxRead: ({ name }) => scanFolder.read(name),
    scanInboxDone: ({ name }) => scanFolder.done(name),
  };

  registerHostIpc({
    ipcMain,
    handlers,
    isTrustedSender: createSenderCheck(() =>
      mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null,
    ),
    log,
  });

  const openMainWindow = () => {
    const win = createMainWindow({ BrowserWindow, preloadPath, devTools: !app.isPackaged, log });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
  };
  openMainWindow();

  app.on('activate', () => {
    if (mainWindow) focusWindow(mainWindow);
    else openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  log.info('ready');
}

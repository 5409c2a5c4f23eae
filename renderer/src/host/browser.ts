/**
 * The host in a plain browser (tests, and postal offices without the installer).
 *
 * - appInfo: version from the build (VITE_APP_VERSION), platform from the navigator.
 * - listPrinters: none (a page cannot see printers).
 * - printPdf: the PDF in a hidden iframe (blob: URL) and its print(): the browser's print dialog.
 * - savePdf, saveFile: a download through <a download>.
 * - secrets: AES-GCM with a NON-extractable WebCrypto key kept in its own IndexedDB database
 *   ('desk-secrets'), ciphertext stored there too. Never localStorage.
 *
 * Requests are validated with the same contract schemas as in Electron's main, so a caller that passes
 * the browser tests cannot be rejected by the desk.
 */
import {
  EXPORT_KINDS,
  HOST_CONTRACT,
  HostError,
  type Host,
  type HostFunctionName,
  type HostRequest,
  type PrintPdfResult,
} from '../../../shared/host/contract';
import { summariseIssues } from '../../../shared/validation/issues';

export const SECRETS_DB_NAME = 'desk-secrets';
const SECRETS_DB_VERSION = 1;
const KEY_STORE = 'keys';
const SECRET_STORE = 'secrets';
const MASTER_KEY_ID = 'aes-gcm-256';

export interface BrowserHostDeps {
  indexedDB?: IDBFactory;
  crypto?: Crypto;
  document?: Document;
  version?: string;
  platform?: string;
  /** How long the print iframe may take to load the PDF. */
  printLoadTimeoutMs?: number;
}

function validate<K extends HostFunctionName>(name: K, payload: unknown): HostRequest<K> {
  const result = HOST_CONTRACT[name].request.safeParse(payload);
  if (!result.success) {
    throw new HostError('invalid-payload', `Yêu cầu ${name} không hợp lệ: ${summariseIssues(result.error.issues)}`);
  }
  return result.data as HostRequest<K>;
}

/** The build's version: VITE_APP_VERSION, which vite.config.ts should set from package.json. */
function defaultVersion(): string {
  const v: unknown = import.meta.env.VITE_APP_VERSION;
  return typeof v === 'string' && v !== '' ? v : '0.0.0-dev';
}

function defaultPlatform(): string {
  if (typeof navigator === 'undefined') return 'unknown';
  const uaData = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return uaData?.platform || navigator.platform || 'unknown';
}

// ---------------------------------------------------------------------------------------------------------
// IndexedDB + WebCrypto secret store
// ---------------------------------------------------------------------------------------------------------

interface StoredSecret {
  iv: Uint8Array;
  data: ArrayBuffer;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

const UNAVAILABLE = 'Trình duyệt không hỗ trợ lưu trữ bảo mật (IndexedDB và WebCrypto), nên không thể lưu thông tin xác thực.';

export function createBrowserSecretStore(deps: { indexedDB?: IDBFactory; crypto?: Crypto }) {
  const idb = deps.indexedDB ?? (typeof indexedDB !== 'undefined' ? indexedDB : undefined);
  const webCrypto = deps.crypto ?? (typeof crypto !== 'undefined' ? crypto : undefined);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let dbPromise: Promise<IDBDatabase> | null = null;
  let keyPromise: Promise<CryptoKey> | null = null;

  function requireApis(): { idb: IDBFactory; subtle: SubtleCrypto; crypto: Crypto } {
    if (!idb || !webCrypto?.subtle) throw new HostError('secrets-unavailable', UNAVAILABLE);
    return { idb, subtle: webCrypto.subtle, crypto: webCrypto };
  }

  function openDb(): Promise<IDBDatabase> {
    const { idb } = requireApis();
    dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = idb.open(SECRETS_DB_NAME, SECRETS_DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(KEY_STORE)) db.createObjectStore(KEY_STORE);
        if (!db.objectStoreNames.contains(SECRET_STORE)) db.createObjectStore(SECRET_STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading later: let it, this one reopens on next use.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
          keyPromise = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked'));
    }).catch((error: unknown) => {
      dbPromise = null;
      throw new HostError('secrets-unavailable', `${UNAVAILABLE} (${error instanceof Error ? error.name : 'IndexedDB'})`);
    });
    return dbPromise;
  }

  /** The AES-GCM key: made once, non-extractable, kept only in IndexedDB (structured clone of a CryptoKey). */
  function masterKey(): Promise<CryptoKey> {
    keyPromise ??= (async () => {
      const { subtle } = requireApis();
      const db = await openDb();
      const existing = await requestResult(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(MASTER_KEY_ID));
      if (existing) return existing as CryptoKey;
      // No await inside the transaction: make the key first, then get-or-put atomically.
      const fresh = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const tx = db.transaction(KEY_STORE, 'readwrite');
      const store = tx.objectStore(KEY_STORE);
      let chosen: CryptoKey = fresh;
      const get = store.get(MASTER_KEY_ID);
      get.onsuccess = () => {
        if (get.result) chosen = get.result as CryptoKey;
        else store.put(fresh, MASTER_KEY_ID);
      };
      await transactionDone(tx);
      return chosen;
    })().catch((error: unknown) => {
      keyPromise = null;
      if (error instanceof HostError) throw error;
      throw new HostError('secrets-unavailable', UNAVAILABLE);
    });
    return keyPromise;
  }

  return {
    async get(key: string): Promise<string | null> {
      const { subtle } = requireApis();
      const db = await openDb();
      const record = (await requestResult(
        db.transaction(SECRET_STORE, 'readonly').objectStore(SECRET_STORE).get(key),
      )) as StoredSecret | undefined;
      if (!record) return null;
      const cryptoKey = await masterKey();
      try {
        const plain = await subtle.decrypt(
          { name: 'AES-GCM', iv: record.iv as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(key) },
          cryptoKey,
          record.data,
        );
        return decoder.decode(plain);
      } catch {
        throw new HostError('secrets-unreadable', 'Không giải mã được thông tin xác thực đã lưu; cần đăng ký lại thiết bị.');
      }
    },
    async set(key: string, value: string): Promise<void> {
      const { subtle, crypto: c } = requireApis();
      const cryptoKey = await masterKey();
      const iv = c.getRandomValues(new Uint8Array(12));
      // The key name is bound as additional data: a ciphertext cannot be moved to another key.
      const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(key) }, cryptoKey, encoder.encode(value));
      const db = await openDb();
      const tx = db.transaction(SECRET_STORE, 'readwrite');
      tx.objectStore(SECRET_STORE).put({ iv, data } satisfies StoredSecret, key);
      await transactionDone(tx);
    },
    async delete(key: string): Promise<void> {
      const db = await openDb();
      const tx = db.transaction(SECRET_STORE, 'readwrite');
      tx.objectStore(SECRET_STORE).delete(key);
      await transactionDone(tx);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Printing and saving through the browser
// ---------------------------------------------------------------------------------------------------------

const PRINT_REASONS = {
  noDocument: 'Trang không có giao diện để in.',
  notLoaded: 'Trình duyệt không mở được bản in. Hãy dùng "Lưu PDF" rồi in từ trình xem PDF.',
  blocked: 'Trình duyệt chặn lệnh in. Hãy dùng "Lưu PDF" rồi in từ trình xem PDF.',
} as const;

/** Keeps the last print iframe alive until the next print (removing it early cancels the print). */
const IFRAME_LIFETIME_MS = 10 * 60_000;

function pdfBlob(pdf: Uint8Array): Blob {
  return new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}

/** A download through <a download>; the URL lives long enough for a slow disk to take a large file. */
function download(doc: Document, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
}

export function createBrowserHost(deps: BrowserHostDeps = {}): Host {
  /** The backup being downloaded, piece by piece (backupWrite). */
  let backupParts: { name: string; parts: Uint8Array[] } | null = null;
  const secrets = createBrowserSecretStore(deps);
  const getDocument = (): Document | null => deps.document ?? (typeof document !== 'undefined' ? document : null);
  const printLoadTimeoutMs = deps.printLoadTimeoutMs ?? 15_000;
  let lastPrint: { iframe: HTMLIFrameElement; url: string; timer: ReturnType<typeof setTimeout> } | null = null;

  const disposeLastPrint = () => {
    if (!lastPrint) return;
    clearTimeout(lastPrint.timer);
    lastPrint.iframe.remove();
    URL.revokeObjectURL(lastPrint.url);
    lastPrint = null;
  };

  return {
    async appInfo() {
      return { version: deps.version ?? defaultVersion(), platform: deps.platform ?? defaultPlatform(), shell: 'browser' };
    },

    async listPrinters() {
      return [];
    },

    async printPdf(request) {
      const req = validate('printPdf', request);
      const doc = getDocument();
      if (!doc?.body) return { ok: false, reason: PRINT_REASONS.noDocument };
      disposeLastPrint();

      const url = URL.createObjectURL(pdfBlob(req.pdf));
      const iframe = doc.createElement('iframe');
      iframe.setAttribute('aria-hidden', 'true');
      iframe.tabIndex = -1;
      iframe.title = req.jobName;
      // Not display:none: Chromium does not load the PDF viewer in an undisplayed frame.
      iframe.style.cssText =
        'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none;';
      const current = {
        iframe,
        url,
        timer: setTimeout(() => {
          if (lastPrint === current) disposeLastPrint();
        }, IFRAME_LIFETIME_MS),
      };
      lastPrint = current;

      return new Promise<PrintPdfResult>((resolve) => {
        const timer = setTimeout(() => {
          if (lastPrint === current) disposeLastPrint();
          resolve({ ok: false, reason: PRINT_REASONS.notLoaded });
        }, printLoadTimeoutMs);
        iframe.addEventListener(
          'load',
          () => {
            clearTimeout(timer);
            try {
              const win = iframe.contentWindow;
              if (!win) throw new Error('no window');
              win.focus();
              win.print();
              // The browser does not say whether the officer printed or cancelled: only that its dialog opened.
              resolve({ ok: true, outcome: 'dialog_opened' });
            } catch {
              resolve({ ok: false, reason: PRINT_REASONS.blocked });
            }
          },
          { once: true },
        );
        iframe.src = url;
        doc.body.appendChild(iframe);
      });
    },

    async savePdf(request) {
      const req = validate('savePdf', request);
      const doc = getDocument();
      if (!doc?.body) return { saved: false };
      const name = /\.pdf$/i.test(req.suggestedName) ? req.suggestedName : `${req.suggestedName}.pdf`;
      download(doc, pdfBlob(req.pdf), name);
      // The browser decides the folder (usually Downloads) and may still ask; the name is what we know.
      return { saved: true, path: name };
    },

    async saveFile(request) {
      const req = validate('saveFile', request);
      const doc = getDocument();
      if (!doc?.body) return { saved: false };
      const kind = EXPORT_KINDS[req.kind];
      const name = req.suggestedName.toLowerCase().endsWith(`.${kind.extension}`) ? req.suggestedName : `${req.suggestedName}.${kind.extension}`;
      download(doc, new Blob([req.bytes as Uint8Array<ArrayBuffer>], { type: kind.mime }), name);
      return { saved: true, path: name };
    },

    async secretGet(request) {
      const { key } = validate('secretGet', request);
      return { value: await secrets.get(key) };
    },

    async secretSet(request) {
      const { key, value } = validate('secretSet', request);
      await secrets.set(key, value);
      return { ok: true };
    },

    async secretDelete(request) {
      const { key } = validate('secretDelete', request);
      await secrets.delete(key);
      return { ok: true };
    },

    // A page cannot write into a folder: no folder, and a backup is a download of the whole file.
    async backupChooseFolder() {
      return { folder: null, files: [] };
    },

    async backupFolder() {
      return { folder: null, files: [] };
    },

    // A page cannot watch a folder: the browser desk takes scans by drag-and-drop and the file picker.
    async scanFolderChoose() {
      return { supported: false, folder: null };
    },

    async scanFolder() {
      return { supported: false, folder: null };
    },

    async scanInbox() {
      return { files: [] };
    },

    async scanInboxRead(request) {
      validate('scanInboxRead', request);
      throw new HostError('internal', 'Trình duyệt không có thư mục máy quét: hãy kéo thả tệp hoặc chọn tệp.');
    },

    async scanInboxDone(request) {
      validate('scanInboxDone', request);
      return { ok: true };
    },

    async backupWrite(request) {
      const req = validate('backupWrite', request);
      if (req.first) backupParts = { name: req.name, parts: [] };
      if (!backupParts || backupParts.name !== req.name) throw new HostError('internal', 'Phần dữ liệu sao lưu đến không theo thứ tự.');
      backupParts.parts.push(req.part);
      if (!req.last) return { ok: true, location: req.name };
      const blob = new Blob(backupParts.parts as BlobPart[], { type: 'application/octet-stream' });
      backupParts = null;
      const doc = getDocument();
      if (!doc?.body) throw new HostError('internal', 'Không tải xuống được bản sao lưu.');
      download(doc, blob, req.name);
      return { ok: true, location: req.name };
    },
  };
}

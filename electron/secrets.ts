/**
 * Secrets (the device credential) kept by main with safeStorage, persisted encrypted in one file in
 * userData. When the OS offers no real encryption, storing is refused: never plaintext.
 */
import { HostError, SECRET_KEY_PATTERN } from '../shared/host/contract';
import { errorKind, type Logger } from './log';

export const SECRETS_FILE = 'desk-secrets.json';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. 'basic_text' means a hard-coded key: as good as plaintext. */
  getSelectedStorageBackend?(): string;
}

export interface SecretFs {
  readFile(filePath: string, encoding: 'utf8'): Promise<string>;
  writeFile(filePath: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(filePath: string, options: { force: boolean }): Promise<void>;
}

interface SecretFile {
  version: 1;
  /** key → base64 of safeStorage.encryptString(value) */
  entries: Record<string, string>;
}

/** Null-prototype map: key names like "__proto__" or "constructor" match the key pattern. */
const emptyEntries = (): Record<string, string> => Object.create(null) as Record<string, string>;

const UNAVAILABLE =
  'Hệ điều hành không cung cấp kho lưu trữ bảo mật, nên không thể lưu thông tin xác thực của máy một cách an toàn.';
const LINUX_HINT = ' Trên Linux cần có GNOME Keyring (libsecret) hoặc KWallet đang chạy.';

export function createSecretStore(deps: {
  safeStorage: SafeStorageLike;
  platform: string;
  /** <userData>/desk-secrets.json */
  filePath: string;
  fs: SecretFs;
  log: Logger;
  /** Accept Linux's 'basic_text' backend (hard-coded key). Off: refuse, as for no encryption at all. */
  allowBasicText?: boolean;
  random?: () => string;
}) {
  const { safeStorage, fs, log, filePath } = deps;
  const random = deps.random ?? (() => Math.random().toString(36).slice(2, 10));

  function ensureAvailable(): void {
    let available: boolean;
    try {
      available = safeStorage.isEncryptionAvailable();
    } catch {
      available = false;
    }
    if (available && deps.platform === 'linux' && !deps.allowBasicText && safeStorage.getSelectedStorageBackend) {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') available = false;
    }
    if (!available) {
      log.warn('secrets unavailable');
      throw new HostError('secrets-unavailable', UNAVAILABLE + (deps.platform === 'linux' ? LINUX_HINT : ''));
    }
  }

  function checkKey(key: string): void {
    if (!SECRET_KEY_PATTERN.test(key)) throw new HostError('invalid-payload', 'Tên khoá bí mật không hợp lệ.');
  }

  async function readAll(): Promise<SecretFile> {
    let text: string;
    try {
      text = await fs.readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { version: 1, entries: emptyEntries() };
      log.error(`secrets read-failed ${errorKind(error)}`);
      throw new HostError('secrets-unreadable', 'Không đọc được kho bí mật của ứng dụng.');
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretFile>;
      if (parsed.version !== 1 || !parsed.entries || typeof parsed.entries !== 'object') throw new Error('shape');
      const entries = emptyEntries();
      for (const [k, v] of Object.entries(parsed.entries)) {
        if (SECRET_KEY_PATTERN.test(k) && typeof v === 'string') entries[k] = v;
      }
      return { version: 1, entries };
    } catch {
      log.error('secrets file-damaged');
      throw new HostError('secrets-unreadable', 'Kho bí mật của ứng dụng bị hỏng; cần đăng ký lại thiết bị.');
    }
  }

  async function writeAll(data: SecretFile): Promise<void> {
    const tmp = `${filePath}.${random()}.tmp`;
    try {
      await fs.writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
      await fs.rename(tmp, filePath);
    } catch (error) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      log.error(`secrets write-failed ${errorKind(error)}`);
      throw new HostError('internal', 'Không ghi được kho bí mật của ứng dụng.');
    }
  }

  // Serialise read-modify-write cycles.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  return {
    get(key: string): Promise<string | null> {
      return serial(async () => {
        checkKey(key);
        ensureAvailable();
        const data = await readAll();
        const stored = Object.hasOwn(data.entries, key) ? data.entries[key] : undefined;
        if (stored === undefined) return null;
        try {
          return safeStorage.decryptString(Buffer.from(stored, 'base64'));
        } catch (error) {
          log.error(`secrets decrypt-failed ${errorKind(error)}`);
          throw new HostError(
            'secrets-unreadable',
            'Không giải mã được thông tin xác thực đã lưu (tài khoản hệ điều hành hoặc kho khoá đã thay đổi); cần đăng ký lại thiết bị.',
          );
        }
      });
    },
    set(key: string, value: string): Promise<void> {
      return serial(async () => {
        checkKey(key);
        ensureAvailable();
        let encrypted: Buffer;
        try {
          encrypted = safeStorage.encryptString(value);
        } catch (error) {
          log.error(`secrets encrypt-failed ${errorKind(error)}`);
          throw new HostError('secrets-unavailable', UNAVAILABLE);
        }
        const data = await readAll();
        data.entries[key] = Buffer.from(encrypted).toString('base64');
        await writeAll(data);
      });
    },
    delete(key: string): Promise<void> {
      return serial(async () => {
        checkKey(key);
        const data = await readAll();
        if (!Object.hasOwn(data.entries, key)) return;
        delete data.entries[key];
        await writeAll(data);
      });
    },
  };
}

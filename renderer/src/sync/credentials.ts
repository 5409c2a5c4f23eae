// The device credential lives with the host's secret storage (Electron main: safeStorage; browser: a
// non-extractable WebCrypto key), never in localStorage or in the desk database.
import type { Host } from '@shared/host/contract';

export type SecretStore = Pick<Host, 'secretGet' | 'secretSet' | 'secretDelete'>;

export const CREDENTIAL_KEY = 'sync.credential';

export interface Credential {
  deviceId: string;
  token: string;
  expiresAt: number;
}

export async function loadCredential(secrets: SecretStore): Promise<Credential | null> {
  const { value } = await secrets.secretGet({ key: CREDENTIAL_KEY });
  if (!value) return null;
  try {
    const c = JSON.parse(value) as Credential;
    return typeof c.token === 'string' && typeof c.expiresAt === 'number' ? c : null;
  } catch {
    return null;
  }
}

export async function saveCredential(secrets: SecretStore, credential: Credential): Promise<void> {
  await secrets.secretSet({ key: CREDENTIAL_KEY, value: JSON.stringify(credential) });
}

export async function forgetCredential(secrets: SecretStore): Promise<void> {
  await secrets.secretDelete({ key: CREDENTIAL_KEY });
}

/** An in-memory store for tests and tools run in Node. */
export function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    secretGet: async ({ key }) => ({ value: values.get(key) ?? null }),
    secretSet: async ({ key, value }) => {
      values.set(key, value);
      return { ok: true };
    },
    secretDelete: async ({ key }) => {
      values.delete(key);
      return { ok: true };
    },
  };
}

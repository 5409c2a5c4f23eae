// Hands a prepared (already audited) export to the host: the Electron save dialog or a browser download.
import { notifications } from '@mantine/notifications';
import { host } from '../../host';
import i18n from '../../i18n';
import type { PreparedExport } from '../../db/reports';

export async function saveExport(p: PreparedExport): Promise<boolean> {
  if (!p.bytes || p.kind === 'pdf') throw new Error('PDF exports go through the print dialog.');
  const result = await host.saveFile({ kind: p.kind, bytes: p.bytes as Uint8Array<ArrayBuffer>, suggestedName: p.fileName });
  notifications.show(result.saved
    ? { color: 'green', message: i18n.t('reports.saved', { name: result.path, rows: p.rows }) }
    : { color: 'gray', message: i18n.t('reports.notSaved') });
  return result.saved;
}

// A desk restored from an older backup takes back from the province what it holds of the desk: the
// province's record (HoSo) turned back into the desk's dossier, so that sending it again would change
// nothing (toHoSo of the result is the record itself), and the highest sequence number seen per day.
import { dossierSearchTokens } from '../domain/reception';
import type { RestoreItem } from './contract';
import { fromHoSo, type SyncedDossier } from './mapping';

/**
 * The dossier as the province holds it. `procedureCode` is the desk's catalog code of MaTTHC (the fee's
 * code when there is a fee, as toHoSo writes it); `now` becomes updatedAt.
 */
export function dossierFromHoSo(item: RestoreItem, procedureCode: string, now: number): SyncedDossier {
  const d = fromHoSo(item.dossierId, item.HoSo, procedureCode, [], { rev: item.deskRev, updatedAt: now });
  return { ...d, searchTokens: dossierSearchTokens(d), provinceSeq: item.provinceSeq };
}

// The figures' own small copy of every dossier (shared/reports/figures.ts DossierFacts), kept by the
// database itself: every write of a dossier, by any command, in any transaction, rewrites its facts in the
// same transaction (a DBCore middleware), so the figures can never disagree with the dossiers.
//
// Packed by reception day: one row per day holds that day's facts in typed arrays and a string table, so
// the dashboard reads a year as ~365 rows and copies numbers in bulk instead of cloning 100,000 objects
// (bench: dashboard_100k_ms). A dossier's reception time never changes, so it stays in its day's row.
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { vnDateKey } from '@shared/calendar/vnTime';
import type { Channel, Dossier } from '@shared/domain/dossier';
import { isUnpaid } from '@shared/domain/fees';
import { DOSSIER_STATUSES } from '@shared/domain/status';
import { CHANNELS, factsOf, type DossierFacts } from '@shared/reports/figures';

export const FACTS_TABLE = 'dossierFacts';

export interface FactsRow extends DossierFacts {
  /** When the fee was paid; null while unpaid. */
  paidAt: number | null;
  unpaid: boolean;
}

/** One reception day's facts, column by column. */
export interface FactsDay {
  day: string;
  count: number;
  /** Ids joined by SEP. */
  ids: string;
  /** Per dossier: receivedAt, finishedAt, deadline, pausedAt, paidAt (NaN for none). */
  times: Float64Array;
  /** Per dossier: status, channel, unpaid (0/1). */
  codes: Uint8Array;
  /** Per dossier: fieldName, procedureCode, procedureName, officerName as indexes into `strings`. */
  refs: Uint16Array;
  strings: string[];
}

const SEP = '\u0001';
const T = 5;
const C = 3;
const R = 4;

export function factsRow(d: Dossier): FactsRow {
  return { ...factsOf(d), paidAt: d.payment?.at ?? null, unpaid: isUnpaid(d) };
}

const num = (v: number | null) => (v == null ? NaN : v);
const back = (v: number) => (Number.isNaN(v) ? null : v);

export function packDay(day: string, rows: FactsRow[]): FactsDay {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string) => {
    let i = index.get(s);
    if (i == null) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const times = new Float64Array(rows.length * T);
  const codes = new Uint8Array(rows.length * C);
  const refs = new Uint16Array(rows.length * R);
  rows.forEach((r, i) => {
    times.set([r.receivedAt, num(r.finishedAt), r.deadline, num(r.pausedAt), num(r.paidAt)], i * T);
    codes.set([DOSSIER_STATUSES.indexOf(r.status), CHANNELS.indexOf(r.channel), r.unpaid ? 1 : 0], i * C);
    refs.set([ref(r.fieldName), ref(r.procedureCode), ref(r.procedureName), ref(r.officerName)], i * R);
  });
  return { day, count: rows.length, ids: rows.map((r) => r.id).join(SEP), times, codes, refs, strings };
}

export function unpackDay(b: FactsDay): FactsRow[] {
  const ids = b.count ? b.ids.split(SEP) : [];
  const out: FactsRow[] = new Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const t = i * T;
    const c = i * C;
    const r = i * R;
    out[i] = {
      id: ids[i],
      receivedAt: b.times[t],
      finishedAt: back(b.times[t + 1]),
      deadline: b.times[t + 2],
      pausedAt: back(b.times[t + 3]),
      paidAt: back(b.times[t + 4]),
      status: DOSSIER_STATUSES[b.codes[c]],
      channel: CHANNELS[b.codes[c + 1]] as Channel,
      unpaid: b.codes[c + 2] === 1,
      fieldName: b.strings[b.refs[r]],
      procedureCode: b.strings[b.refs[r + 1]],
      procedureName: b.strings[b.refs[r + 2]],
      officerName: b.strings[b.refs[r + 3]],
    };
  }
  return out;
}

/** Applies puts and removals to the day rows they touch, reading those rows first. */
async function rewriteDays(facts: DBCoreTable, trans: DBCoreTransaction, puts: Dossier[], removed: Dossier[]): Promise<void> {
  const days = [...new Set([...puts, ...removed].map((d) => vnDateKey(d.receivedAt)))];
  if (!days.length) return;
  const current = (await facts.getMany({ trans, keys: days })) as (FactsDay | undefined)[];
  const next: FactsDay[] = [];
  const gone: string[] = [];
  days.forEach((day, i) => {
    const rows = new Map((current[i] ? unpackDay(current[i]!) : []).map((r) => [r.id, r]));
    for (const d of removed) if (vnDateKey(d.receivedAt) === day) rows.delete(d.id);
    for (const d of puts) if (vnDateKey(d.receivedAt) === day) rows.set(d.id, factsRow(d));
    if (rows.size) next.push(packDay(day, [...rows.values()]));
    else if (current[i]) gone.push(day);
  });
  if (next.length) await facts.mutate({ type: 'put', trans, values: next });
  if (gone.length) await facts.mutate({ type: 'delete', trans, keys: gone });
}

export const factsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'dossierFacts',
  create: (down) => {
    const hasFacts = () => down.schema.tables.some((t) => t.name === FACTS_TABLE);
    return {
      ...down,
      // Any read-write transaction on dossiers also takes the facts table.
      transaction: (stores, mode, options) =>
        down.transaction(mode === 'readwrite' && stores.includes('dossiers') && !stores.includes(FACTS_TABLE) && hasFacts() ? [...stores, FACTS_TABLE] : stores, mode, options),
      table: (name) => {
        const table = down.table(name);
        if (name !== 'dossiers' || !hasFacts()) return table;
        const facts = down.table(FACTS_TABLE);
        return {
          ...table,
          mutate: async (req: DBCoreMutateRequest) => {
            if (req.type === 'add' || req.type === 'put') {
              const result = await table.mutate(req);
              await rewriteDays(facts, req.trans, (req.values as Dossier[]).filter((_, i) => !result.failures[i]), []);
              return result;
            }
            // Deletions: the dossiers' reception days are read before they go.
            const old = req.type === 'delete'
              ? ((await table.getMany({ trans: req.trans, keys: req.keys })) as (Dossier | undefined)[]).filter((d): d is Dossier => d != null)
              : ((await table.query({ trans: req.trans, values: true, query: { index: table.schema.primaryKey, range: req.range } })).result as Dossier[]);
            const result = await table.mutate(req);
            await rewriteDays(facts, req.trans, [], old);
            return result;
          },
        };
      },
    };
  },
};

/** Every fact of the days `from`..`to` (date keys, inclusive; '' for no bound), as the figures read them. */
export function factsOfDays(days: FactsDay[]): FactsRow[] {
  const out: FactsRow[] = [];
  for (const b of days) for (const r of unpackDay(b)) out.push(r);
  return out;
}

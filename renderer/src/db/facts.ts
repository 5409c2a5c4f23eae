// The figures' own small copy of every dossier (shared/reports/figures.ts DossierFacts), kept by the
// database itself: every write of a dossier, by any command, in any transaction, writes its facts row in
// the same transaction (a DBCore middleware), so the dashboard reads 100,000 small rows instead of
// 100,000 dossiers, and can never disagree with them.
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { Dossier } from '@shared/domain/dossier';
import { isUnpaid } from '@shared/domain/fees';
import { factsOf, type DossierFacts } from '@shared/reports/figures';

export const FACTS_TABLE = 'dossierFacts';

export interface FactsRow extends DossierFacts {
  /** When the fee was paid (absent while unpaid, so only paid dossiers are in the index). */
  paidAt?: number;
  /** 1 while a fee applies and is not paid (indexed: the unpaid list). */
  unpaid: 0 | 1;
}

export function factsRow(d: Dossier): FactsRow {
  const row: FactsRow = { ...factsOf(d), unpaid: isUnpaid(d) ? 1 : 0 };
  if (d.payment) row.paidAt = d.payment.at;
  return row;
}

export const factsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'dossierFacts',
  create: (down) => ({
    ...down,
    // Any read-write transaction on dossiers also takes the facts table.
    transaction: (stores, mode, options) =>
      down.transaction(mode === 'readwrite' && stores.includes('dossiers') && !stores.includes(FACTS_TABLE) && down.schema.tables.some((t) => t.name === FACTS_TABLE) ? [...stores, FACTS_TABLE] : stores, mode, options),
    table: (name) => {
      const table = down.table(name);
      if (name !== 'dossiers' || !down.schema.tables.some((t) => t.name === FACTS_TABLE)) return table;
      const facts: DBCoreTable = down.table(FACTS_TABLE);
      return {
        ...table,
        mutate: async (req: DBCoreMutateRequest) => {
          const result = await table.mutate(req);
          if (req.type === 'add' || req.type === 'put') {
            const ok = (req.values as Dossier[]).filter((_, i) => !result.failures[i]);
            if (ok.length) await facts.mutate({ type: 'put', trans: req.trans, values: ok.map(factsRow) });
          } else if (req.type === 'delete') {
            await facts.mutate({ type: 'delete', trans: req.trans, keys: req.keys });
          } else if (req.type === 'deleteRange') {
            await facts.mutate({ type: 'deleteRange', trans: req.trans, range: req.range });
          }
          return result;
        },
      };
    },
  }),
};

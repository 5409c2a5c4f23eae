// Queries on the procedure catalog (the seed at first, then the province's).
import type { Procedure } from '@shared/domain/procedure';
import type { DeskDb } from './db';

/** The procedures a desk can receive, by Vietnamese name. */
export async function activeProcedures(db: DeskDb): Promise<Procedure[]> {
  return (await db.procedures.filter((p) => p.active).toArray()).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export async function getProcedure(db: DeskDb, code: string): Promise<Procedure | undefined> {
  return db.procedures.get(code);
}

/** How far back the picker looks when it ranks procedures by how often this desk receives them. */
export const FREQUENCY_WINDOW_MS = 180 * 86_400_000;

/** Dossiers received on this desk per procedure code over the last 180 days (counted on an index). */
export async function procedureFrequencies(db: DeskDb, codes: string[], now = Date.now()): Promise<Map<string, number>> {
  const since = now - FREQUENCY_WINDOW_MS;
  const counts = await Promise.all(
    codes.map((code) => db.dossiers.where('[procedureCode+receivedAt]').between([code, since], [code, Infinity], true, true).count()),
  );
  return new Map(codes.map((c, i) => [c, counts[i]]));
}

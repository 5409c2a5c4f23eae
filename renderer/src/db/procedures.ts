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

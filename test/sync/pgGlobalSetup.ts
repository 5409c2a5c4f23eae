// The PostgreSQL project's precondition: the test cluster answers. Fails (never skips) when it does not:
// vitest.config.ts leaves the project out locally when no cluster is configured, never under CI=true.
import pg from 'pg';

export default async function setup() {
  const url = process.env.SYNC_TEST_PG_URL;
  if (!url) throw new Error('PostgreSQL tests: SYNC_TEST_PG_URL is not set (CI=true requires a cluster; .ci/run starts one).');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
  } catch (e) {
    throw new Error(`PostgreSQL tests: cannot reach ${url.replace(/\/\/[^@]*@/, '//…@')}: ${(e as Error).message}`, { cause: e });
  } finally {
    await c.end().catch(() => {});
  }
}

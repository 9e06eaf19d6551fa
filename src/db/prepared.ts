import type { DbOrTx } from './client.ts';

/**
 * Prepared statements for the queries every request runs (authentication, deployment access).
 * Drizzle builds their SQL once per database handle instead of on every call, and PostgreSQL
 * plans them once per connection; that is most of a request's cost on the hot path.
 */
export function preparedOnce<P>(build: (db: DbOrTx) => P): (db: DbOrTx) => P {
  const byDb = new WeakMap<object, P>();
  return (db) => {
    let p = byDb.get(db);
    if (!p) {
      p = build(db);
      byDb.set(db, p);
    }
    return p;
  };
}

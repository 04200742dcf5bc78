import type { Db } from '../../store/database.js';

/**
 * The dashboard reads the services' tables directly, read-only, in one place per kind of thing: a
 * snapshot for a person looking, never on a service's path. A table that does not exist (its
 * service is not registered in this build) reads as empty.
 */
export function rows<T>(db: Db, sql: string, ...params: unknown[]): T[] {
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch (err) {
    if (err instanceof Error && /no such table/.test(err.message)) return [];
    throw err;
  }
}

export function row<T>(db: Db, sql: string, ...params: unknown[]): T | undefined {
  return rows<T>(db, sql, ...params)[0];
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

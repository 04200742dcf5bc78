import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A package loaded on its first use instead of at start-up: server start time is mostly module
 * loading, and some packages (zip, XML, CRC32C) serve only a few requests.
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(specifier) as T);
}

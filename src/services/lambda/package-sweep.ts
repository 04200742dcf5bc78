import type { Logger } from '../../log.js';
import type { CodeStore } from './code.js';
import { layerVersionsOf } from './layers.js';
import type { LambdaStore } from './store.js';

/**
 * Removes code packages nothing uses any more (replaced code, deleted functions and layers). Every
 * version's code counts, and so do layers that exist or that some version still runs with.
 */
export function sweepUnusedPackages(store: LambdaStore, code: CodeStore, logger: Logger): void {
  const referenced = new Set<string>();
  for (const v of store.allVersions()) {
    if (v.config.code.blobId) referenced.add(v.config.code.blobId);
    for (const layer of layerVersionsOf(store, v.config.Layers)) if (layer.code.blobId) referenced.add(layer.code.blobId);
  }
  for (const layer of store.layers.all()) if (!layer.deleted && layer.code.blobId) referenced.add(layer.code.blobId);
  try {
    const removed = code.sweep(referenced);
    if (removed > 0) logger.info(`lambda: removed ${removed} unused code package file(s)`);
  } catch (err) {
    logger.warn(`lambda: could not sweep unused code packages: ${err instanceof Error ? err.message : err}`);
  }
}

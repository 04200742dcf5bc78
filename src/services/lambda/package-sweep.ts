import type { Clock, Timer } from '../../clock.js';
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

/** Operations after which a code package may have lost its last user. */
export const PACKAGE_RELEASING_OPERATIONS: ReadonlySet<string> = new Set(['DeleteFunction', 'UpdateFunctionCode', 'DeleteLayerVersion']);

/** Lambda's longest function timeout: a busy instance of replaced code finishes within it. */
const MAX_FUNCTION_TIMEOUT_MS = 900_000;

/**
 * Sweeps once the packages an operation released can no longer be in use: instances running
 * replaced code are retired once their invocation ends (at most the longest function timeout)
 * or stopped when idle (at most the idle timeout), so the sweep waits for the later of the two
 * after the last such operation.
 */
export class PackageReclaimer {
  private timer?: Timer;

  constructor(
    private readonly clock: Clock,
    private readonly instanceIdleMs: number,
    private readonly sweep: () => void,
  ) {}

  released(): void {
    this.timer?.cancel();
    this.timer = this.clock.schedule(Math.max(MAX_FUNCTION_TIMEOUT_MS, this.instanceIdleMs) + 60_000, () => {
      this.timer = undefined;
      this.sweep();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}

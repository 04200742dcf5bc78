import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InternalDeps } from '../../internal/route.js';
import type { Overview } from '../api-types.js';
import { allResources, resourceCounts } from './resources.js';

export function overview(deps: InternalDeps, startedAt: number): Overview {
  return {
    version: packageVersion(),
    startedAt,
    now: deps.clock.now(),
    accountId: deps.config.defaultAccountId,
    region: deps.config.defaultRegion,
    url: deps.endpointUrl(),
    dataDir: deps.config.dataDir,
    historyCapacity: deps.history.capacity,
    counts: resourceCounts(allResources(deps)),
  };
}

let version: string | undefined;

/** Tributary's version: the `package.json` above this file (in the source tree and in `dist/`). */
function packageVersion(): string {
  if (version !== undefined) return version;
  version = '0.0.0';
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tributary' && pkg.version) {
        version = pkg.version;
        break;
      }
    } catch {
      // Not here; one level up.
    }
  }
  return version;
}

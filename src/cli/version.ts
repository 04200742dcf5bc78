import fs from 'node:fs';
import path from 'node:path';

/** The version in the package.json above this file (src/cli/ under tsx, dist/ when bundled). */
export function packageVersion(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from a module's own URL: the server runs from server/ under tsx (tests)
 * and from dist/app/server/ when compiled (`npm start`), so a fixed '..' would be wrong in one of them.
 */
export function projectRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'coreport')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no coreport package.json above ${moduleUrl}`);
    dir = parent;
  }
}

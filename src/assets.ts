import { fileURLToPath } from 'node:url';

// This module sits one folder below the package root both as `src/assets.ts` (tests, tsx) and as
// `dist/assets.js` (the installed package), so files shipped beside `dist/` (the shop seed under
// `fixtures/`) are found from here, however deep the module that needs them and wherever the
// package is installed. Paths computed from a deeper module's own depth break when the build moves
// it.

const PACKAGE_ROOT = new URL('../', import.meta.url);

/** A file or folder shipped with the package, by its path from the package root. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, PACKAGE_ROOT));
}

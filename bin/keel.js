#!/usr/bin/env node
// keel runs its compiled JavaScript: no TypeScript loader at run time. `npm ci` (or `npm install`)
// in a checkout builds dist/ through the `prepare` script; an installed package ships it built.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('keel: dist/ is missing; build it with `npm run build` (npm ci does it too)\n');
  process.exit(1);
}
await import(entry.href);

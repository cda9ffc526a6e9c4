import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The engine serves any domain, so it may not know one: nothing in these folders (nor the shared
// top-level modules they use) imports a domain pack, an adapter, or a test double. No allowlist.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENGINE = ['src/agent', 'src/planner', 'src/tools', 'src/store'];
const SHARED = ['src/errors.ts', 'src/defaults.ts', 'src/runtime.ts', 'src/llm-call.ts'];
const FORBIDDEN = ['src/domains', 'src/server', 'src/cli', 'src/testing', 'src/replay'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file names: static and type-only imports, re-exports, dynamic import(). */
function importsOf(file: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replaceAll('\\', '/'));
}

/** "file imports target" for each import of an engine file that lands in a forbidden folder. */
function violations(file: string, text: string): string[] {
  return importsOf(file, text)
    .filter((target) => FORBIDDEN.some((folder) => target === folder || target.startsWith(`${folder}/`)))
    .map((target) => `${file} imports ${target}`);
}

describe('engine import rule', () => {
  const files = [...ENGINE.flatMap(sourceFiles), ...SHARED];

  it('finds the engine files it checks', () => {
    expect(files.length).toBeGreaterThan(30);
    for (const dir of ENGINE) expect(files.some((f) => f.startsWith(`${dir}/`))).toBe(true);
  });

  it('sees every kind of import, so a violation cannot hide', () => {
    const text = [
      "import { a } from '../domains/retail/index.js';",
      "import type { B } from '../server/server.js';",
      "export { c } from '../cli/main.js';",
      "const d = await import('../testing/index.js');",
      "import { e } from './local.js';",
    ].join('\n');
    expect(violations('src/agent/x.ts', text)).toEqual([
      'src/agent/x.ts imports src/domains/retail/index.js',
      'src/agent/x.ts imports src/server/server.js',
      'src/agent/x.ts imports src/cli/main.js',
      'src/agent/x.ts imports src/testing/index.js',
    ]);
  });

  it('the engine imports nothing from domains, HTTP, the CLI, replay or test doubles', () => {
    const found = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });
});

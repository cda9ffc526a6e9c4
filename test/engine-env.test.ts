import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The engine is configured by typed options; only the composition roots (src/cli, src/server,
// src/config, retail's openRetailKeel) read the environment. Read with the TypeScript parser, so
// that comments may name a variable (to say which one sets an option) and code may not.
const REPO = fileURLToPath(new URL('../', import.meta.url));
const ENGINE = ['src/agent', 'src/planner', 'src/store', 'src/tools'];
const ENV_NAME = /\b(KEEL|OPENAI)_[A-Z0-9_]+/;

function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `process.env`, `process['env']` or `const { env } = process`. */
function readsProcessEnv(node: ts.Node, source: ts.SourceFile): boolean {
  const isProcess = (e: ts.Node | undefined) => e !== undefined && e.getText(source) === 'process';
  if (ts.isPropertyAccessExpression(node)) return isProcess(node.expression) && node.name.text === 'env';
  if (ts.isElementAccessExpression(node))
    return (
      isProcess(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === 'env'
    );
  return (
    ts.isVariableDeclaration(node) &&
    isProcess(node.initializer) &&
    ts.isObjectBindingPattern(node.name) &&
    node.name.elements.some((e) => (e.propertyName ?? e.name).getText(source) === 'env')
  );
}

/** The text of a name or a literal, where an environment variable could be named in code. */
function textOf(node: ts.Node): string | null {
  if (ts.isIdentifier(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node))
    return node.text;
  return null;
}

/** Where a module reads `process.env` or names an environment variable in code (not comments). */
function environmentReads(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (readsProcessEnv(node, source)) at(node, 'process.env');
    const name = ENV_NAME.exec(textOf(node) ?? '');
    if (name) at(node, name[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the engine reads no environment', () => {
  const files = ENGINE.flatMap(sources);

  it('finds what it looks for, in code and not in comments', () => {
    expect(files.length).toBeGreaterThan(60);
    const sample = [
      '// KEEL_LEASE_MS sets this; process.env is read by the CLI',
      '/** OPENAI_API_KEY */ const a = 1;',
      'const b = process.env.HOME;',
      "const c = process['env'];",
      'const { env } = process;',
      "const d = env.KEEL_LEASE_MS ?? 'x';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal in the sample source
      'const e = `${x} OPENAI_BASE_URL`;',
      "const f = { pid: process.pid, g: 'KEEL_X' };",
    ].join('\n');
    expect(environmentReads('sample.ts', sample)).toEqual([
      'sample.ts:3 process.env',
      'sample.ts:4 process.env',
      'sample.ts:5 process.env',
      'sample.ts:6 KEEL_LEASE_MS',
      'sample.ts:7 OPENAI_BASE_URL',
      'sample.ts:8 KEEL_X',
    ]);
  });

  it('no module of src/agent, src/planner, src/store or src/tools reads process.env or names a KEEL_/OPENAI_ variable', () => {
    const reads = files.flatMap((file) => environmentReads(file, readFileSync(join(REPO, file), 'utf8')));
    expect(reads).toEqual([]);
  });
});

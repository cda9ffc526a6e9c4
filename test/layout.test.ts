import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layout a new contributor reads: small modules, short functions, and every folder saying
// what it is for and what it may import. Measured with the TypeScript compiler, not by regex.
const REPO = fileURLToPath(new URL('../', import.meta.url));
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

/** Where each folder says what it is for: its `index.ts`, else the module named here. */
const MAIN_MODULE: Record<string, string> = {
  'src/agent': 'create-agent.ts',
  'src/cli': 'main.ts',
  'src/config': 'engine-env.ts',
  'src/domains': 'README.md',
  'src/domains/retail/offline': 'decide.ts',
  'src/domains/retail/sandbox': 'sandbox-shop.ts',
  'src/domains/retail/support': 'retail-support-desk.ts',
  'src/domains/retail/templates': 'reply.ts',
  'src/planner': 'planner.ts',
  'src/planner/consent': 'consent.ts',
  'src/replay': 'replay.ts',
  'src/server': 'server.ts',
  'src/server/support': 'support-desk.ts',
  'src/store': 'store.ts',
  'src/tools': 'tool.ts',
};

function walk(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [dir];
  for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      const inner = walk(path);
      files.push(...inner.files);
      dirs.push(...inner.dirs);
    } else if (entry.name.endsWith('.ts')) files.push(path);
  }
  return { files, dirs };
}

const { files, dirs } = walk('src');
const sourceOf = (file: string) => readFileSync(join(REPO, file), 'utf8');
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** Every function, method, accessor and arrow with a body, and the lines it spans. */
function functionsOf(file: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, sourceOf(file), ts.ScriptTarget.ES2022, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
      const name = node.name?.getText(source) ?? `${ts.SyntaxKind[node.kind]}`;
      found.push({
        name: `${name}:${line(node.getStart(source)) + 1}`,
        lines: line(node.getEnd()) - line(node.getStart(source)) + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The comments before a module's first statement (or a README's text). */
function openingOf(path: string): string {
  const text = sourceOf(path);
  if (path.endsWith('.md')) return text.replace(/\s+/g, ' ');
  const ranges = ts.getLeadingCommentRanges(text, 0) ?? [];
  const comments = ranges.map((r) => text.slice(r.pos, r.end)).join('\n');
  return comments.replace(/^\s*(\/\*\*?|\*\/|\*|\/\/)/gm, ' ').replace(/\s+/g, ' ');
}

describe('layout', () => {
  it('measures what it checks', () => {
    // A walker or parser that found nothing would pass every rule below.
    expect(files.length).toBeGreaterThan(100);
    expect(functionsOf('src/cli/main.ts').some((f) => f.name.startsWith('main:') && f.lines > 10)).toBe(true);
    expect(functionsOf('src/agent/forward.ts').length).toBeGreaterThan(3);
  });

  it(`no module in src is over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => `${f}: ${lineCount(sourceOf(f))}`)
      .filter((row) => Number(row.split(': ')[1]) > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`no function in src is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files
      .flatMap((f) => functionsOf(f).map((fn) => ({ ...fn, file: f })))
      .filter((fn) => fn.lines > MAX_FUNCTION_LINES)
      .map((fn) => `${fn.file} ${fn.name}: ${fn.lines} lines`);
    expect(long).toEqual([]);
  });

  it('every folder under src says what it is for and what it may import', () => {
    const missing = dirs.flatMap((dir) => {
      const main = existsSync(join(REPO, dir, 'index.ts')) ? 'index.ts' : MAIN_MODULE[dir];
      if (!main || !existsSync(join(REPO, dir, main)))
        return [`${dir}: no index.ts and no main module named`];
      const opening = openingOf(`${dir}/${main}`);
      if (opening.length < 120 || !/may import/i.test(opening))
        return [`${dir}/${main}: its opening comment must say what the folder is for and what it may import`];
      return [];
    });
    expect(missing).toEqual([]);
  });
});

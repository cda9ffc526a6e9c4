import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One import in keel's sources. `to` is a repository path (`src/replay/ids.ts`) for a relative
 * import, the bare specifier (`msw`, `node:fs`) otherwise. `type` imports vanish from the built
 * JavaScript; `dynamic` ones load only when the code that holds them runs.
 */
export interface ImportEdge {
  from: string;
  to: string;
  kind: 'static' | 'type' | 'dynamic';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function target(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(REPO, join(REPO, dirname(from), specifier)).replace(/\.js$/, '.ts');
}

function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(join(REPO, file), 'utf8'), ts.ScriptTarget.ES2022);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, kind: ImportEdge['kind']) => {
    if (specifier && ts.isStringLiteral(specifier))
      edges.push({ from: file, to: target(file, specifier.text), kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], 'dynamic');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, 'type');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Every import of every module under `src/`. */
export function importGraph(): ImportEdge[] {
  return sourceFiles('src').flatMap(importsOf);
}

/**
 * What loading `entry` loads: the closure over static value imports (type imports are erased,
 * dynamic ones wait until their code runs). Bare specifiers appear as themselves.
 */
export function loadedBy(entry: string, graph: ImportEdge[]): Set<string> {
  const loaded = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const edge of graph) {
      if (edge.from !== file || edge.kind !== 'static' || loaded.has(edge.to)) continue;
      loaded.add(edge.to);
      if (edge.to.startsWith('src/')) queue.push(edge.to);
    }
  }
  return loaded;
}

import { describe, expect, it } from 'vitest';
import { type ImportEdge, importGraph, loadedBy } from './helpers/import-graph.js';

// The layering of ARCHITECTURE.md, held against the sources: every import counts, type-only and
// dynamic ones too, except where a rule is about what a process loads.
const graph = importGraph();
const show = (edges: ImportEdge[]) => edges.map((e) => `${e.from} -> ${e.to}`);

const testing = (file: string) => file.startsWith('src/testing/');
const engine = (file: string) =>
  /^src\/(agent|planner|store)\//.test(file) || (/^src\/tools\/[^/]+\.ts$/.test(file) && !domain(file));
// Retail, until the domain pass moves it to src/domains/retail: its tools, its sandbox and its
// `Shop` port.
const domain = (file: string) => /^src\/tools\/(retail|sandbox)\//.test(file) || file === 'src/tools/shop.ts';

/**
 * Engine imports of retail that exist today. The list must only shrink: a new one fails the test,
 * and so does one that is gone but still listed, so the list is always the exact debt.
 */
const KNOWN_ENGINE_TO_DOMAIN = [
  'src/agent/agent.ts -> src/tools/shop.ts',
  'src/agent/confirmation.ts -> src/tools/retail/money.ts',
  'src/agent/confirmation.ts -> src/tools/shop.ts',
  'src/agent/conversation.ts -> src/tools/shop.ts',
  'src/agent/executor.ts -> src/tools/shop.ts',
  'src/agent/keel-app.ts -> src/tools/retail/index.ts',
  'src/agent/keel-app.ts -> src/tools/sandbox/sandbox-shop.ts',
  'src/agent/keel-app.ts -> src/tools/shop.ts',
  'src/agent/reply.ts -> src/tools/retail/money.ts',
  'src/agent/reply.ts -> src/tools/shop.ts',
  'src/agent/step-runner.ts -> src/tools/shop.ts',
  'src/planner/offline-planner.ts -> src/tools/shop.ts',
  'src/planner/offline/addresses.ts -> src/tools/shop.ts',
  'src/planner/offline/fill.ts -> src/tools/shop.ts',
  'src/planner/offline/items.ts -> src/tools/shop.ts',
  'src/planner/offline/questions.ts -> src/tools/shop.ts',
  'src/planner/ownership.ts -> src/tools/shop.ts',
  'src/planner/planner.ts -> src/tools/shop.ts',
  'src/planner/playbooks.ts -> src/tools/shop.ts',
  'src/planner/prompt.ts -> src/tools/retail/money.ts',
  'src/planner/prompt.ts -> src/tools/shop.ts',
  'src/tools/tool.ts -> src/tools/shop.ts',
];

describe('import rules', () => {
  it('reads the graph it checks', () => {
    // A parser that found nothing would pass every rule below.
    expect(graph.length).toBeGreaterThan(300);
    expect(show(graph)).toContain('src/index.ts -> src/agent/executor.ts');
  });

  it('product code never imports the test doubles of src/testing (replay included)', () => {
    expect(show(graph.filter((e) => !testing(e.from) && testing(e.to)))).toEqual([]);
  });

  it('the HTTP adapter reaches the store only through its port (store.ts), never its SQLite internals', () => {
    const internals = graph.filter(
      (e) =>
        e.from.startsWith('src/server/') && e.to.startsWith('src/store/') && e.to !== 'src/store/store.ts',
    );
    expect(show(internals)).toEqual([]);
  });

  it('the engine imports no more of the retail domain than it did (the list only shrinks)', () => {
    const now = [...new Set(show(graph.filter((e) => engine(e.from) && domain(e.to))))].sort();
    expect(now).toEqual([...KNOWN_ENGINE_TO_DOMAIN].sort());
  });

  it('the library entry and the CLI load no test library and no TypeScript loader', () => {
    for (const entry of ['src/index.ts', 'src/cli/bin.ts']) {
      const loaded = [...loadedBy(entry, graph)];
      expect(loaded.filter((m) => /^(msw|tsx|vitest)(\/|$)/.test(m) || testing(m))).toEqual([]);
      expect(loaded.length).toBeGreaterThan(20);
    }
  });

  it('msw is loaded in one place, on demand, by replay', () => {
    const msw = graph.filter((e) => /^msw(\/|$)/.test(e.to) && e.kind !== 'type');
    expect(msw).toEqual([{ from: 'src/replay/cassette-fetch.ts', to: 'msw', kind: 'dynamic' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { type ImportEdge, importGraph, loadedBy } from './helpers/import-graph.js';

// The layering of ARCHITECTURE.md, held against the sources: every import counts, type-only and
// dynamic ones too, except where a rule is about what a process loads.
const graph = importGraph();
const show = (edges: ImportEdge[]) => edges.map((e) => `${e.from} -> ${e.to}`);

const testing = (file: string) => file.startsWith('src/testing/');
// The engine serves any domain, so it may not know one: nothing in its folders (nor the shared
// top-level modules they use) imports a domain pack, an adapter, the environment's readers
// (src/config), replay or a test double.
const ENGINE_SHARED = [
  'src/errors.ts',
  'src/error-codes.ts',
  'src/defaults.ts',
  'src/runtime.ts',
  'src/llm-call.ts',
  'src/escalation-reason.ts',
  'src/code-points.ts',
];
const engine = (file: string) =>
  /^src\/(agent|planner|tools|store)\//.test(file) || ENGINE_SHARED.includes(file);
const aboveEngine = (file: string) => /^src\/(domains|server|cli|config|testing|replay)\//.test(file);

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

  it('the engine imports nothing from domains, HTTP, the CLI, the environment readers, replay or test doubles', () => {
    expect(graph.some((e) => engine(e.from))).toBe(true);
    expect(show(graph.filter((e) => engine(e.from) && aboveEngine(e.to)))).toEqual([]);
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

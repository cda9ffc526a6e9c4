import fs from 'node:fs';
import path from 'node:path';
import type { SynchronousLevel } from '../src/store/database.js';
import { type Summary, summarize } from './stats.js';
import { bareVariant, openBare, storeVariant, type Variant } from './variant-writers.js';

export interface VariantResult {
  name: string;
  commit: Summary;
  /** Pages appended to the WAL per workflow (its create and six step commits). */
  walPagesPerWorkflow: number;
}

/** Frames a batch of workflows appends to the WAL, per workflow, with auto-checkpoints paused. */
async function walPagesPerWorkflow(variant: Variant, file: string, workflows: number): Promise<number> {
  const pageSize = variant.db.pragma('page_size', { simple: true }) as number;
  variant.db.pragma('wal_autocheckpoint = 0');
  variant.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < workflows; i++) await variant.workflow();
  const walBytes = fs.statSync(`${file}-wal`).size;
  variant.db.pragma('wal_autocheckpoint = 1000');
  return (walBytes - 32) / (pageSize + 24) / workflows;
}

/**
 * The per-commit cost of keel's checkpoint against bare better-sqlite3, adding keel's extra work
 * one piece at a time; the variants alternate in rounds so that disk drift hits them alike.
 */
export async function measureCommitVariants(
  dir: string,
  synchronous: SynchronousLevel,
  workflows: number,
  rounds: number,
): Promise<VariantResult[]> {
  const file = (name: string) => path.join(dir, `variant-${name}-${synchronous.toLowerCase()}.db`);
  const variants: [Variant, string][] = [
    [bareVariant('bare: step row + cursor', openBare(file('a'), synchronous), {}), file('a')],
    [
      bareVariant("+ keel's cursor UPDATE", openBare(file('b'), synchronous), { keelCursor: true }),
      file('b'),
    ],
    [
      bareVariant('+ journal row', openBare(file('c'), synchronous), { keelCursor: true, journal: true }),
      file('c'),
    ],
    [
      bareVariant('  (journal without AUTOINCREMENT)', openBare(file('c2'), synchronous, false), {
        keelCursor: true,
        journal: true,
      }),
      file('c2'),
    ],
    [
      bareVariant('+ db.transaction() per call', openBare(file('d'), synchronous), {
        keelCursor: true,
        journal: true,
        txPerCall: true,
      }),
      file('d'),
    ],
    [storeVariant(file('e'), synchronous), file('e')],
  ];
  const samples = variants.map(() => [] as number[]);
  for (const [variant] of variants) for (let i = 0; i < 10; i++) await variant.workflow();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants.keys() : [...variants.keys()].reverse();
    for (const v of order) {
      for (let i = 0; i < workflows / rounds; i++)
        samples[v]?.push(...((await variants[v]?.[0].workflow()) ?? []));
    }
  }
  const results: VariantResult[] = [];
  for (const [v, [variant, path]] of variants.entries()) {
    const walPages = await walPagesPerWorkflow(variant, path, 20);
    results.push({ name: variant.name, commit: summarize(samples[v] ?? []), walPagesPerWorkflow: walPages });
  }
  for (const [variant] of variants) variant.db.close();
  return results;
}

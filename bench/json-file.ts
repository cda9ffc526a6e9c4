import fs from 'node:fs';

/** Numbers to two decimals: microseconds and ratios need no more. */
const rounded = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value;

/**
 * Writes JSON as the repository's formatter (Biome) prints it: two-space indentation, objects
 * expanded, arrays of numbers or strings on one line, so `biome check` stays clean after a run.
 */
export function writeJson(file: string, value: unknown): void {
  const text = JSON.stringify(value, rounded, 2).replace(
    /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
    (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`,
  );
  fs.writeFileSync(file, `${text}\n`);
}

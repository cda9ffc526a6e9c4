/**
 * A readable difference between two JSON values: the lines of their pretty forms that only one
 * side has, in order, with `-` for the recorded side and `+` for the new one. Null when equal.
 * Long string values (a prompt) are split on newlines first, so one changed policy line shows as
 * one line.
 */
export function diffJson(recorded: unknown, now: unknown, maxLines = 40): string | null {
  const a = lines(recorded);
  const b = lines(now);
  if (a.join('\n') === b.join('\n')) return null;
  const inB = new Set(b);
  const inA = new Set(a);
  const removed = a.filter((line) => !inB.has(line)).map((line) => `  - ${line}`);
  const added = b.filter((line) => !inA.has(line)).map((line) => `  + ${line}`);
  const out = [...removed, ...added];
  if (out.length === 0) return '  (the same lines in a different order)';
  return out.length > maxLines
    ? [...out.slice(0, maxLines), `  ... ${out.length - maxLines} more lines`].join('\n')
    : out.join('\n');
}

function lines(value: unknown): string[] {
  const text = JSON.stringify(
    value,
    (_key, v) => (typeof v === 'string' && v.includes('\n') ? v.split('\n') : v),
    2,
  );
  return (text ?? 'undefined').split('\n').map((line) => line.trim());
}

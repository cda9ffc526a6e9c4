/**
 * Lengths a person would count. JavaScript's `length` counts UTF-16 units, so one emoji is 2 and a
 * limit of 4,000 "characters" would refuse 2,001 emoji; every customer-facing limit counts code
 * points instead.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The first `max` code points of `text`, never half of a surrogate pair. */
export function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

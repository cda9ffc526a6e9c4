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

/**
 * The longest start of `text` that fits in `maxUnits` UTF-16 units without cutting an emoji in
 * half, for limits that still count units (zod's `.max()` in tool schemas the model sees).
 */
export function clipUtf16(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const last = text.charCodeAt(maxUnits - 1);
  // A high surrogate at the cut would leave a lone half of a pair: invalid text.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxUnits - 1 : maxUnits);
}

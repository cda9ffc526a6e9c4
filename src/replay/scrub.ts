/**
 * Removes personal data and secrets from text that goes into a cassette: email addresses, phone
 * numbers, bearer tokens and API keys. Applied to the customer's words and to the model exchanges
 * alike, so a replay sends exactly the scrubbed prompt the cassette holds.
 */
const RULES: [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{8,}\b/g, '[api-key]'],
  [/\bBearer\s+[A-Za-z0-9._-]{10,}/g, 'Bearer [token]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\b/g, '[jwt]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // Phone numbers need separators, so dates, amounts and tracking numbers stay as they are.
  [
    /(?<![\w-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?![\w-])/g,
    '[phone]',
  ],
];

export function scrubText(text: string): string {
  return RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Scrubs every string inside a JSON value. */
export function scrubJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' ? scrubText(v) : v)) as T;
}

import type { Address } from '../shop.js';
import { withoutOrderNumbers } from './order-numbers.js';

/** What was read from a message about a new shipping address. */
export type AddressReading =
  | { kind: 'found'; address: Address }
  /** No street, city and postal code all there: ask for it rather than guess. */
  | { kind: 'missing' }
  /** The postal code belongs to another country than the order ships to. */
  | { kind: 'other_country'; country: string };

const SUFFIX = String.raw`(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|terrace|crescent|close|row|square|sq|parkway|pkwy|highway|hwy)\.?(?:\s+(?:west|east|north|south|w|e|n|s)\b)?`;
const WORD = String.raw`[a-z][\w.'-]*`;
// "12 Oak Street", or a street without a suffix when a comma follows ("10 Deansgate,").
const STREETS = [
  new RegExp(String.raw`\b(\d{1,6}[a-z]?\s+(?:${WORD}\s+){0,4}?${SUFFIX})(?=[\s,.]|$)`, 'i'),
  new RegExp(String.raw`\b(\d{1,6}[a-z]?\s+${WORD}(?:\s+${WORD}){0,3})(?=\s*,)`, 'i'),
];
const UNIT = /^\s*,?\s*((?:apt|apartment|unit|suite|flat|#)\.?\s*[\w-]+)/i;
const POSTAL: [string, RegExp][] = [
  ['US', /^\d{5}(?:-\d{4})?$/],
  ['CA', /^[a-z]\d[a-z] ?\d[a-z]\d$/i],
  ['GB', /^[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}$/i],
];
// City, an optional two-letter state or province, then the postal code. The separator before the
// postal code is required, so "Toronto M5V" cannot be read as the city "Toron" in the state "TO".
const CITY_POSTAL =
  /^\s*,?\s*([a-z][a-z.'-]*(?:\s+[a-z][a-z.'-]*){0,3}?)(?:\s*,\s*|\s+)(?:([a-z]{2})(?:\s*,\s*|\s+))?(\d{5}(?:-\d{4})?|[a-z]\d[a-z] ?\d[a-z]\d|[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b/i;

/**
 * A new shipping address in the message ("12 Oak Street, Apt 4, Portland, OR 97201"). Name and
 * country come from the order's current address, so the postal code must fit that country.
 */
export function findAddress(message: string, current: Address): AddressReading {
  const text = withoutOrderNumbers(message);
  for (const street of STREETS) {
    const found = street.exec(text);
    if (!found?.[1]) continue;
    let rest = text.slice(found.index + found[0].length);
    const unit = UNIT.exec(rest);
    if (unit) rest = rest.slice(unit[0].length);
    const place = CITY_POSTAL.exec(rest);
    if (!place?.[1] || !place[3]) continue;
    const postalCode = place[3].toUpperCase();
    const country = POSTAL.find(([, pattern]) => pattern.test(postalCode))?.[0];
    if (country && country !== current.country) return { kind: 'other_country', country };
    const address: Address = {
      name: current.name,
      line1: title(found[1]),
      line2: unit?.[1] ? title(unit[1]) : null,
      city: title(place[1]),
      postalCode,
      country: current.country,
    };
    return { kind: 'found', address };
  }
  return { kind: 'missing' };
}

const title = (s: string) =>
  s
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\b[a-z]/g, (c) => c.toUpperCase());

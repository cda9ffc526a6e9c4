/** The longest reason the return and cancel tools accept. */
export const MAX_REASON_CHARS = 500;

const KNOWN: [RegExp, string][] = [
  [
    /\b(doesn'?t|does not|didn'?t|did not|don'?t|do not) fit|too (small|big|large|tight|loose|short|long)|wrong size|size (is )?(no good|wrong)/i,
    "It doesn't fit",
  ],
  [
    /\b(damaged|broken|torn|ripped|defective|faulty|stain(ed)?|scratch(ed)?|leaks?|hole)\b|stopped working|fell apart/i,
    'Arrived damaged or defective',
  ],
  [/\bwrong (item|colou?r|product|thing|one)|not what i ordered|sent me the wrong/i, 'Wrong item received'],
  [/\bchanged my mind|don'?t (need|like|want) (it|them)|no longer need|not needed/i, 'Changed my mind'],
  [
    /\b(quality|looks different|not as (described|pictured)|not what i expected|different (of|from) the photo)\b/i,
    'Not as described',
  ],
];

/** A return reason: a known one when recognised, else the customer's own words. */
export function findReturnReason(text: string): string {
  for (const [pattern, reason] of KNOWN) if (pattern.test(text)) return reason;
  return ownWords(text);
}

/** The customer's words, whitespace tidied and cut to what the tools accept. */
export function ownWords(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, MAX_REASON_CHARS) || 'No reason given';
}

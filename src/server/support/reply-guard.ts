/**
 * What a reply a person edited must never do: ask the customer for payment data or credentials.
 * The shop never needs them in a chat (payments and sign-in happen on its own pages), and a
 * message asking for them is how account takeovers and card fraud start. The guard is a safety
 * net for a hurried edit, not a filter against a determined insider: it reads sentence by
 * sentence, and a clause that names such data and asks for it (a request word, or a question),
 * without saying "never" or "not", is refused.
 */

const SENSITIVE: readonly { what: string; pattern: RegExp }[] = [
  {
    what: 'a card number',
    pattern: /\b(?:card\s*(?:number|no\.?|#|digits|details)|long number on (?:the|your) card)/i,
  },
  {
    what: 'the card security code (CVV)',
    pattern: /\b(?:cvv2?|cvc2?|csc|security code|card verification)\b/i,
  },
  { what: "the card's expiry date", pattern: /\b(?:expiry|expiration) date\b/i },
  { what: 'bank account details', pattern: /\b(?:iban|account number|routing number|sort code)\b/i },
  { what: 'a password', pattern: /\b(?:password|passcode|passphrase|pass word)s?\b/i },
  {
    what: 'a one-time code',
    pattern:
      /\b(?:one[-\s]?time (?:code|password|passcode|pin)|otp|(?:verification|2fa|two[-\s]factor|login|sms|authentication|confirmation) code)s?\b/i,
  },
  { what: 'a PIN', pattern: /\bpin(?: code| number)?s?\b/i },
];

const REQUEST =
  /\b(?:send|share|provide|give|tell|enter|type|confirm|verify|reply with|respond with|write|need|require|let me know|read (?:me|out)|forward|include|what(?:'s| is| was| are)|could you|can you|would you|please)\b/i;
const NEGATION = /\bnever\b|\bnot\b|n't\b|\bno one\b|\bnobody\b|\bno need\b/i;

/** Sentences, then clauses (a "but" or a comma can turn a warning into a request). */
function clauses(text: string): { clause: string; question: boolean }[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .flatMap((sentence) =>
      sentence
        .split(/[,;:]|\bbut\b|\band then\b/i)
        .map((clause) => ({ clause, question: sentence.trim().endsWith('?') })),
    );
}

/** 13 to 19 digits (spaces or dashes between) that pass the Luhn check: a card number itself. */
function hasCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d(?:[ -]?\d){12,18}/g)) {
    const digits = match[0].replace(/\D/g, '');
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return true;
  }
  return false;
}

/** What `text` asks the customer for that it must not (empty when nothing), in a stable order. */
export function forbiddenRequests(text: string): string[] {
  const found = new Set<string>();
  for (const { clause, question } of clauses(text)) {
    if (NEGATION.test(clause) || !(question || REQUEST.test(clause))) continue;
    for (const { what, pattern } of SENSITIVE) if (pattern.test(clause)) found.add(what);
  }
  if (hasCardNumber(text)) found.add('a card number');
  return SENSITIVE.map((s) => s.what).filter((what) => found.has(what));
}

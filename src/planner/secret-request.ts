// What no message of keel's may ask a customer for: payment data and credentials. A support
// agent never needs them (payments and sign-in happen on the shop's own pages), so a text that
// asks for one was steered (an injection, a hostile or confused model) or is a hurried edit, and
// is not sent. Two readings over one list: the agent's own text is held to the strict one (it may
// not name such data at all); a person's edited reply to the one that reads requests, so "we will
// never ask for your password" goes through.

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
  {
    what: 'bank account details',
    pattern: /\b(?:iban|account number|routing number|sort code|bank (?:account )?details|swift|bic)\b/i,
  },
  { what: 'a password', pattern: /\b(?:password|passcode|passphrase|pass word)s?\b/i },
  {
    what: 'a one-time code',
    pattern:
      /\b(?:one[-\s]?time (?:code|password|passcode|pin)|otp|(?:verification|2fa|two[-\s]factor|login|sms|authentication|confirmation) code)s?\b/i,
  },
  { what: 'a PIN', pattern: /\bpin(?: code| number)?s?\b/i },
  {
    what: 'payment data or a credential',
    // Spanish, Portuguese, French, German, Italian, Dutch
    pattern: new RegExp(
      [
        // Spanish, Portuguese, French, German, Italian, Dutch.source,
        /\b(n[úu]mero de (la )?tarjeta|tarjeta de cr[ée]dito|c[óo]digo de seguridad|contrase[ñn]a|clave|fecha de (caducidad|vencimiento))\b/i
          .source,
        /\b(n[úu]mero do cart[ãa]o|cart[ãa]o de cr[ée]dito|senha|c[óo]digo de verifica[çc][ãa]o)\b/i.source,
        /\b(num[ée]ro de (la |votre )?carte|carte (bancaire|de cr[ée]dit)|cryptogramme|mot de passe|code (secret|de s[ée]curit[ée])|date d'expiration)\b/i
          .source,
        /\b(kartennummer|kreditkarte|pr[üu]fnummer|passwort|kennwort|geheimzahl|sicherheitscode|ablaufdatum|bankverbindung)\b/i
          .source,
        /\b(numero della carta|carta di credito|codice di sicurezza|parola d'ordine|data di scadenza)\b/i
          .source,
        /\b(kaartnummer|creditcard|wachtwoord|pincode|beveiligingscode|vervaldatum)\b/i.source,
      ].join('|'),
      'i',
    ),
  },
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

/**
 * Whether a text names payment data or a credential at all. (Not the card-number check: a
 * carrier's long tracking number can pass Luhn, and the agent's replies quote those.)
 */
export function asksForSecrets(text: string): boolean {
  const plain = text.normalize('NFKC');
  return SENSITIVE.some(({ pattern }) => pattern.test(plain));
}

/** Said instead of a message the guard stopped. */
export const WITHHELD_REPLY =
  "Sorry, I can't continue with that here. I will never ask for card details, passwords or codes. Is there anything else I can help with?";

/** The text, or the safe reply when it asks for payment data or credentials. */
export function guardOutgoing(text: string): string {
  return asksForSecrets(text) ? WITHHELD_REPLY : text;
}

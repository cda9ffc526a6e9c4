/**
 * What a customer says to identify themselves ("Ethan Brown here", "my name is …", "zip code
 * 80202", an email address) opens or closes a message and is not what they ask for: read as content
 * it made "brown" a colour and a postcode a size. These rules find it so the reading can leave it
 * out. Only whole clauses at the start or the end of a message are taken, and only when every word
 * of the clause is part of an introduction, so "this is the wrong size" or an address the customer
 * asks for ("change it to 12 Oak Street, Portland, OR 97201") are never touched.
 */

const NAME = String.raw`[A-Z][a-z'-]+(?:\s+(?:[A-Z][a-z'-]+|[A-Z]\.)){0,2}`;
const EMAIL = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
// US ZIP, UK and Canadian postcodes.
const CODE = String.raw`\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d`;
const CITY = String.raw`(?:from|in)\s+${NAME}`;

const GREETING =
  /^(?:hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening|day)|dear\s+\w+)(?:\s+there)?$/i;
// Only the keywords are case-free: the name must be capitalised, so "this is broken" is no name.
const IDENTITY = [
  new RegExp(
    String.raw`^(?:[Hh]i|[Hh]ello|[Hh]ey)?\s*(?:[Mm]y name is|[Mm]y name's|[Tt]his is|[Ii]t's|[Ii]t is|I'm|I am|[Nn]ame:?)\s+${NAME}(?:\s+(?:here|speaking))?(?:\s+${CITY})?$`,
  ),
  new RegExp(String.raw`^${NAME}\s+(?:here|speaking)(?:\s+${CITY})?$`),
  new RegExp(String.raw`^(?:[Mm]y\s+)?(?:[Ee]-?mail(?:\s+address)?|[Aa]ccount)(?:\s+is|:)?\s+${EMAIL}$`),
  new RegExp(
    String.raw`^(?:[Mm]y\s+)?(?:[Zz]ip|[Pp]ost(?:al)?\s?[Cc]ode|ZIP)(?:\s+[Cc]ode)?(?:\s+is|:)?\s+(?:${CODE})$`,
  ),
];
// Read only at the start of a message: at its end a bare postcode may close an address asked for.
const LEADING = [
  new RegExp(String.raw`^${EMAIL}$`),
  new RegExp(String.raw`^(?:${CODE})$`),
  new RegExp(String.raw`^${CITY}$`),
];
const THANKS = String.raw`(?:[Mm]any\s+)?[Tt]hanks|[Tt]hank\s+you|[Cc]heers|(?:[Kk]ind\s+|[Bb]est\s+)?[Rr]egards|[Bb]est`;
const SIGN_OFF = new RegExp(String.raw`^(?:${THANKS})(?:\s*,?\s*${NAME})?$`);

// Clause boundaries: punctuation, and the brackets an email or a postcode is often given in.
const BOUNDARY = /[,.;!?()]\s|[,.;!?()]|\s[-–]\s|\n/g;

interface Clause {
  start: number;
  end: number;
  words: string;
}

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    // A full stop inside an email address ("jordan.blake@example.com") is no boundary.
    if (m[0].startsWith('.') && /\S/.test(text[m.index + 1] ?? ' ') && m[0].length === 1) continue;
    clauses.push({ start, end: m.index, words: text.slice(start, m.index).trim() });
    start = m.index + m[0].length;
  }
  clauses.push({ start, end: text.length, words: text.slice(start).trim() });
  return clauses;
}

const BARE_NAME = new RegExp(String.raw`^${NAME}$`);

/** Whether a clause only introduces the customer; a bare name counts right after a greeting. */
function isIdentity(words: string, leading: boolean, afterGreeting: boolean): boolean {
  if (words === '' || IDENTITY.some((re) => re.test(words))) return true;
  if (!leading) return SIGN_OFF.test(words);
  return (
    GREETING.test(words) || LEADING.some((re) => re.test(words)) || (afterGreeting && BARE_NAME.test(words))
  );
}

/**
 * The message without the introduction it opens with and the sign-off it ends with; the message
 * itself when nothing else would be left (a reply that is only a name is an answer to keep).
 */
export function withoutIntroduction(text: string): string {
  const clauses = clausesOf(text);
  let first = 0;
  let greeted = false;
  for (; first < clauses.length; first++) {
    const words = clauses[first]?.words ?? '';
    if (!isIdentity(words, true, greeted)) break;
    greeted = GREETING.test(words);
  }
  let last = clauses.length - 1;
  for (; last > first; last--) {
    const words = clauses[last]?.words ?? '';
    // "…, thanks, Ethan Brown": a bare name closes the message when a thank-you comes before it.
    const signed = BARE_NAME.test(words) && SIGN_OFF.test(clauses[last - 1]?.words ?? '');
    if (!signed && !isIdentity(words, false, false)) break;
  }
  const from = clauses[first];
  const to = clauses[last];
  if (!from || !to || first > last) return text;
  if (first === 0 && last === clauses.length - 1) return text;
  const kept = text.slice(from.start, last === clauses.length - 1 ? text.length : to.end + 1).trim();
  return kept.length > 0 ? kept : text;
}

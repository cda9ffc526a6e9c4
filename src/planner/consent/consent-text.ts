/** An answer to a pending action, normalised for reading: the words, and what was around them. */
export interface ConsentText {
  /** Word and emoji tokens, lower-case, in order; punctuation dropped. */
  words: string[];
  /** The words of each clause (split at punctuation), for rules that look at how a clause starts. */
  clauses: string[][];
  /** `words` joined by single spaces, for phrase patterns. */
  flat: string;
  /** Punctuation other than the harmless kind (. , ! ; : -) that appeared: `?`, `…`, `/`, `<`... */
  marks: string[];
  /** Text inside double quotes (or 'quotes'), removed from the words: someone else's words. */
  quoted: boolean;
  /** The normalised text before tokenising, case kept, for the few case-sensitive signals. */
  cased: string;
}

// Zero-width and joiner characters hide inside words ("ye\u200bs"); variation selectors and skin
// tones only restyle an emoji ("👍🏽" is "👍").
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]|\ufe0e|\ufe0f|[\u{1f3fb}-\u{1f3ff}]/gu;
const QUOTED = /"[^"]*"?|(?<=^|[\s(])'[^']*'(?=$|[\s.,!?;:)])/g;
// A smile may close a yes; a wink ";)" may mean it is a joke, so it stays and the yes is not plain.
const EMOTICON = /(^|\s):-?[)d](?=\s|$)/g;
const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{N}]+(?:'[\p{L}]+)*|\.{2,}|\S/gu;
// Not `~` or `*`: "~~yes~~" strikes the yes through, and emphasis is not needed to say yes.
const HARMLESS = new Set(['.', ',', '!', ';', ':', '-', '\u2014', '\u2013']);
const CLAUSE_BREAK = new Set(['.', ',', '!', ';', ':', '?', '\u2014', '\u2013', '...', '\u2026']);

/**
 * NFKC (fullwidth and styled letters become plain ones), invisible characters removed, curly quotes
 * and apostrophes made straight, spaced-out letters joined ("y e s"), a smiley dropped; then split
 * into words and punctuation. Quoted passages are taken out of the words and flagged.
 */
export function normaliseAnswer(raw: string): ConsentText {
  let text = raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb\u300c\u300d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^(\p{L} )+\p{L}$/u.test(text)) text = text.replace(/ /g, '');
  const cased = text;
  const withoutQuotes = text.replace(QUOTED, ' ');
  const quoted = withoutQuotes !== text;
  const tokens = (withoutQuotes.toLowerCase().replace(EMOTICON, ' ').match(TOKEN) ?? []).map((t) =>
    t === '\u2026' ? '...' : t,
  );
  const words: string[] = [];
  const clauses: string[][] = [[]];
  const marks: string[] = [];
  for (const token of tokens) {
    const isWord = /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(token);
    if (isWord) {
      words.push(token);
      clauses.at(-1)?.push(token);
      continue;
    }
    if (!HARMLESS.has(token)) marks.push(token);
    if (CLAUSE_BREAK.has(token) && (clauses.at(-1)?.length ?? 0) > 0) clauses.push([]);
  }
  return { words, clauses: clauses.filter((c) => c.length > 0), flat: words.join(' '), marks, quoted, cased };
}

/** Letters from a script other than Latin: a reading of these languages' yes would be a guess. */
export function hasForeignScript(raw: string): boolean {
  return /(?=\p{L})\P{Script=Latin}/u.test(raw.normalize('NFKC'));
}

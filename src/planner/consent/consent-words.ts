// The words of a plain yes, in English, Spanish, French, German, Italian, Portuguese and Dutch.
// A yes is read only when an answer is made of these and nothing else, so the lists are the
// whole of what can run a write: add to them with care, and only phrases that cannot carry a
// condition, a change or another request.

/** Phrases that say yes on their own. */
const YES = [
  // en
  ...words(
    `yes|y|yeh|sure|sure thing|alright|all right|fine|fine by me|affirmative|please|the answer is yes`,
  ),
  ...words(`go ahead|go on|please do|do it|do that|just do it|go for it|let's do it|let's go|proceed`),
  ...words(`confirm|confirmed|i confirm|agree|i agree|agreed|absolutely|of course|definitely|certainly`),
  ...words(`correct|that's correct|that is correct|that's right|that is right|you can|you may`),
  ...words(`sounds good|sounds great|sounds good to me|that works|that works for me|works for me`),
  ...words(`that's fine|that is fine|that's ok|that's okay|yes i do|i'd like that|i would like that`),
  ...words(`that's what i want|yes that's what i want`),
  // es
  ...words(`sí|si|claro|claro que sí|vale|por supuesto|adelante|de acuerdo|dale`),
  // fr
  ...words(`oui|d'accord|bien sûr|allez y|vas y`),
  // de
  ...words(`ja|klar|einverstanden|jawohl|natürlich|mach das|mach es|mach's`),
  // it
  ...words(`sì|certo|va bene|procedi|d'accordo|vai`),
  // pt
  ...words(`sim|pode|pode fazer|pode sim|com certeza`),
  // nl
  ...words(`doe maar|prima|oké|ga je gang|ga door|akkoord`),
  // emoji
  ...words(`👍|👌|✅|✔|☑`),
];

/** Elongated and clipped spellings of the same few words: "yesss", "yeahh", "okk", "kk". */
const YES_SHAPES = [
  /^y+e+s+$/,
  /^y+e+a+h*$/,
  /^y+e+p+$/,
  /^y+u+p+$/,
  /^y+a+$/,
  /^o+k+$/,
  /^o+k+a+y+$/,
  /^oke+y$/,
  /^k{2,}$/,
];

/** Politeness that may come with a yes but is not one: alone, these are not an answer. */
const FILLERS = [
  ...words(
    `please|pls|plz|thanks|thank you|thanks a lot|thanks so much|thank you so much|thank you very much|many thanks|thx|ty|cheers|much appreciated|appreciated|appreciate it|i appreciate it|i really appreciate it|for your help|for the help|have a great day|have a good day|have a nice day|great|perfect|cool|awesome|nice|good|lovely|excellent|brilliant|wonderful|finally|now|then|sir|why not|dokey|por favor|gracias|muchas gracias|merci|merci beaucoup|s'il vous plaît|svp|bitte|danke|danke schön|gerne|grazie|grazie mille|per favore|pure|obrigado|obrigada|dank je|dank u|bedankt|alsjeblieft|graag|hoor|🙏|😊|🙂|😀|😃|😄|😁|☺|❤|🎉`,
  ),
];

/** Phrases written as `a|b c|d`, so a list reads as a line per language. */
function words(list: string): string[] {
  return list.split('|');
}

type Phrase = { words: string[]; yes: boolean };

// Longest first, so "sounds good to me" is taken whole before "sounds good".
const PHRASES: Phrase[] = [
  ...YES.map((p) => ({ words: p.split(' '), yes: true })),
  ...FILLERS.filter((p) => !YES.includes(p)).map((p) => ({ words: p.split(' '), yes: false })),
].sort((a, b) => b.words.length - a.words.length);

/** How an answer's words read against the yes vocabulary. */
export interface YesWords {
  /** Every word belongs to a yes phrase or to politeness. */
  only: boolean;
  /** At least one of them is a yes. */
  yes: boolean;
}

/** Reads `words` as a sequence of yes phrases and politeness ("please do it" is "please" + "do it"). */
export function readYesWords(words: string[]): YesWords {
  const yes = readFrom(words, 0, new Map());
  return yes === null ? { only: false, yes: false } : { only: true, yes };
}

// Whether words[i..] split into phrases, and whether one of them is a yes; null when they do not.
// Each position is read once (`seen`), so "yes yes yes … x" costs words × phrases, not 2^words.
function readFrom(words: string[], i: number, seen: Map<number, boolean | null>): boolean | null {
  if (i >= words.length) return false;
  const known = seen.get(i);
  if (known !== undefined) return known;
  let result: boolean | null = null;
  for (const phrase of PHRASES) {
    if (!phrase.words.every((w, k) => words[i + k] === w)) continue;
    const rest = readFrom(words, i + phrase.words.length, seen);
    if (rest !== null) {
      result = rest || phrase.yes;
      break;
    }
  }
  if (result === null && YES_SHAPES.some((shape) => shape.test(words[i] ?? ''))) {
    result = readFrom(words, i + 1, seen) === null ? null : true;
  }
  seen.set(i, result);
  return result;
}

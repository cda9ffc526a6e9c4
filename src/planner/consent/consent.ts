/**
 * `src/planner/consent`: reads a customer's answer to a pending action (yes, no, a hedge, a
 * correction, a new request) from words alone, deterministic and offline; here the verdict, beside
 * it the word lists and signals. It may import `src/defaults.ts` and its own folder only.
 */
import { CONSENT_MAX_CHARS } from '../../defaults.js';
import {
  asksAQuestion,
  asksSomethingElse,
  CONDITION,
  CORRECTION,
  DISMISSIVE,
  DOUBT,
  EYE_ROLL,
  INJECTION,
  NEGATOR,
  PAUSE,
  REFUSAL,
  RETRACTION,
  SARCASM,
  SARCASTIC_NO,
  SARCASTIC_NO_CASED,
  YES_SIGNAL,
} from './consent-signals.js';
import { type ConsentText, hasForeignScript, normaliseAnswer } from './consent-text.js';
import { readYesWords } from './consent-words.js';

/** What a customer's answer to a pending action is. Only `yes` may run it. */
export const CONSENT_KINDS = [
  'yes',
  'no',
  'hedge',
  'correction',
  'new_request',
  'question',
  'other',
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** The reading of one answer, with the reason in words (for the journal and for tests). */
export interface ConsentReading {
  kind: ConsentKind;
  reason: string;
}

// Raw text beyond this is not even normalised: a few times the cap is plenty to see what a long
// answer is about, and a megabyte of text must not cost a megabyte of regex work.
const RAW_LIMIT = CONSENT_MAX_CHARS * 4;

/**
 * Reads a customer's answer to "Shall I go ahead?" conservatively: `yes` only for a plain,
 * unconditional yes (politeness allowed: "yes please", "ok 👍", "oui, merci"), and anything else
 * (a no, a doubt, a condition, a change, another request, a question, a quote, an injection, a
 * yes with more words than a yes needs) is reported as what it is, never as `yes`. English,
 * Spanish, French, German, Italian, Portuguese and Dutch. Pure and deterministic.
 */
export function readConsent(text: string): ConsentReading {
  if (typeof text !== 'string') return other('not text');
  const raw = text.slice(0, RAW_LIMIT);
  if (hasForeignScript(raw)) return other('letters of a script this reading does not know');
  const answer = normaliseAnswer(raw);
  if (answer.words.length === 0) return other(answer.quoted ? 'only a quotation' : 'empty');
  if (INJECTION.test(answer.cased)) return other('reads like an instruction to the system, not an answer');
  const reading = readWords(answer);
  if (reading.kind !== 'yes') return reading;
  // The raw length, not the normalised one: what was cut off or collapsed (a "no" after a page of
  // spaces, a condition behind invisible padding) was still written by the customer.
  if (text.length > CONSENT_MAX_CHARS) return other('too long to be a plain yes');
  if (answer.quoted) return other('a yes next to quoted words');
  return reading;
}

function readWords(answer: ConsentText): ConsentReading {
  const { words, flat, clauses, marks, cased } = answer;
  const vocabulary = readYesWords(words.filter((w) => !EYE_ROLL.test(w)));
  if (vocabulary.only) return onlyYesWords(answer, vocabulary.yes);
  if (SARCASTIC_NO.test(flat) || SARCASTIC_NO_CASED.test(cased)) return { kind: 'no', reason: 'sarcastic' };
  if (SARCASM.test(flat) || EYE_ROLL.test(flat)) return other('sarcastic');
  if (CONDITION.test(flat)) return { kind: 'hedge', reason: 'a condition' };
  if (asksSomethingElse(flat, clauses)) return { kind: 'new_request', reason: 'asks for something else' };
  if (asksAQuestion(flat, clauses, marks)) return { kind: 'question', reason: 'asks a question' };
  if (CORRECTION.test(flat)) return { kind: 'correction', reason: 'changes what the action is about' };
  if (DOUBT.test(flat)) return { kind: 'hedge', reason: 'doubtful' };
  if (REFUSAL.test(flat)) return refusal(words);
  if (PAUSE.test(flat)) return { kind: 'hedge', reason: 'a pause or a reservation' };
  if (marks.includes('?') && YES_SIGNAL.test(flat))
    return { kind: 'hedge', reason: 'a yes put as a question' };
  if (YES_SIGNAL.test(flat)) return other('a yes with words beyond a plain yes');
  return other('not an answer to the question');
}

/** Words of the yes vocabulary only: a yes, unless it is asked back or trails off. */
function onlyYesWords(answer: ConsentText, yes: boolean): ConsentReading {
  if (EYE_ROLL.test(answer.flat)) return { kind: 'hedge', reason: 'a yes with an eye-roll' };
  if (!yes) return other('politeness without an answer');
  if (DISMISSIVE.test(answer.flat)) return { kind: 'hedge', reason: 'a dismissive yes' };
  if (answer.marks.includes('?')) return { kind: 'hedge', reason: 'a yes put as a question' };
  if (answer.marks.includes('...')) return { kind: 'hedge', reason: 'a yes that trails off' };
  if (answer.marks.length > 0) return other(`a yes with unexpected characters (${answer.marks[0]})`);
  return { kind: 'yes', reason: 'a plain yes' };
}

/**
 * A refusal, unless a yes follows it or the yes after it was never taken back: "yes... actually
 * no" is a no; "no wait, yes" and "yes no" are mixed, so the customer is asked again.
 */
function refusal(words: string[]): ConsentReading {
  const flat = words.join(' ');
  const noAt = [...flat.matchAll(new RegExp(REFUSAL.source, 'gu'))].map((m) => m.index);
  const yesAt = [...flat.matchAll(new RegExp(YES_SIGNAL.source, 'gu'))]
    .map((m) => m.index)
    .filter((i) => !NEGATOR.test(flat.slice(Math.max(0, i - 20), i)));
  const lastYes = yesAt.at(-1);
  const lastNo = noAt.at(-1) ?? 0;
  if (lastYes === undefined) return { kind: 'no', reason: 'refuses' };
  if (lastNo > lastYes && RETRACTION.test(flat.slice(lastYes, lastNo))) {
    return { kind: 'no', reason: 'a yes taken back' };
  }
  return { kind: 'hedge', reason: 'yes and no in one answer' };
}

const other = (reason: string): ConsentReading => ({ kind: 'other', reason });

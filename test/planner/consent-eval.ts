import { readFileSync } from 'node:fs';
import { CONSENT_KINDS, type ConsentKind, readConsent } from '../../src/planner/consent/consent.js';

/** One labelled answer to "Shall I go ahead?": what a careful agent would take it to mean. */
export interface LabelledAnswer {
  text: string;
  label: ConsentKind;
  note?: string;
}

/**
 * `answers` (consent-answers.json) was written before the rules and is the development set.
 * `holdout` (consent-holdout.json) was written right after it, before the rules existed, and scored
 * 96/96 on its first run; the same person then wrote the rules, so treat that score as optimistic.
 * `adversarial` (consent-adversarial.json) was written after the rules, to break them: its first
 * run scored 45/70 with 5 false yeses ("~~yes~~", "yeah yeah", "oh sure", and a no or a condition
 * hidden past the read limit), which were then fixed, so it is no longer unseen either.
 */
export type ConsentSet = 'answers' | 'holdout' | 'adversarial';

export const labelledAnswers = (set: ConsentSet): LabelledAnswer[] =>
  JSON.parse(readFileSync(new URL(`./consent-${set}.json`, import.meta.url), 'utf8'));

/** One answer the reading got wrong. */
export interface ConsentMiss {
  text: string;
  label: ConsentKind;
  got: ConsentKind;
  reason: string;
}

export interface ConsentReport {
  total: number;
  correct: number;
  /** Per label: how many answers carry it, and how many of those were read as it. */
  perLabel: Record<ConsentKind, { total: number; correct: number }>;
  /** Answers read as `yes` whose label is not `yes`: each one would run a write. */
  falseYeses: ConsentMiss[];
  misses: ConsentMiss[];
}

export function evaluateConsent(set: ConsentSet): ConsentReport {
  const perLabel = Object.fromEntries(CONSENT_KINDS.map((k) => [k, { total: 0, correct: 0 }])) as Record<
    ConsentKind,
    { total: number; correct: number }
  >;
  const misses: ConsentMiss[] = [];
  for (const { text, label } of labelledAnswers(set)) {
    const { kind, reason } = readConsent(text);
    perLabel[label].total += 1;
    if (kind === label) perLabel[label].correct += 1;
    else misses.push({ text, label, got: kind, reason });
  }
  const total = Object.values(perLabel).reduce((sum, l) => sum + l.total, 0);
  return {
    total,
    correct: total - misses.length,
    perLabel,
    falseYeses: misses.filter((m) => m.got === 'yes'),
    misses,
  };
}

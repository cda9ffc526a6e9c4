import type { PlanIssue } from '../errors.js';
import type { DomainQuestions, ModelAsk, PlanAsk } from './ask.js';
import { asksForSecrets } from './secret-request.js';

/**
 * A model's question in its stored form: checked by the domain against the customer's facts
 * (issues go back to the model for a repair). Its own wording is kept only when rephrasing is on
 * and the guard finds no request for payment data or credentials in it; otherwise the domain's
 * template words the question.
 */
export function resolveModelAsk<Facts>(
  ask: ModelAsk | null | undefined,
  questions: DomainQuestions<Facts>,
  facts: Facts,
  rephrase: boolean,
): { ask?: PlanAsk; issues: PlanIssue[]; withheld?: string } {
  if (!ask) return { issues: [] };
  const resolved = questions.resolve(ask, facts);
  if ('issues' in resolved) return { issues: resolved.issues };
  const text = typeof ask.text === 'string' ? ask.text.trim().slice(0, 500) : '';
  if (!rephrase || text.length === 0) return { ask: resolved.ask, issues: [] };
  if (asksForSecrets(text)) return { ask: resolved.ask, issues: [], withheld: text };
  return { ask: { ...resolved.ask, text }, issues: [] };
}

import { createHash } from 'node:crypto';
import { codePointLength } from '../code-points.js';
import { MAX_MESSAGE_CHARS } from '../defaults.js';
import { InputError } from '../errors.js';

/**
 * The text of a customer message as keel handles it: trimmed, not empty, at most
 * MAX_MESSAGE_CHARS characters counted in code points (an emoji is one character).
 */
export function messageText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError('The message is empty');
  const length = codePointLength(trimmed);
  if (length > MAX_MESSAGE_CHARS)
    throw new InputError(`The message is ${length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
  return trimmed;
}

/** What an idempotency key is bound to: the message exactly as sent, so a retry matches itself. */
export function requestHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

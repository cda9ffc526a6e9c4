import { KeelError } from './errors.js';

/*
 * The errors of a staff member's confirmation or edit of an agent's reply (the console's "act for
 * a customer"); beside errors.ts, which holds the engine's and the HTTP API's others.
 */

/** A reply a person edited asks the customer for payment data or credentials; it was not sent. */
export class UnsafeReplyError extends KeelError {
  readonly code = 'REPLY_UNSAFE';
  constructor(readonly asks: readonly string[]) {
    super(
      `The reply asks the customer for ${asks.join(', ')}; keel never asks for payment data or ` +
        'credentials in a conversation. Change the text and send it again.',
    );
  }
}

/** The reply to confirm or edit is no longer the conversation's last message. */
export class ReplySupersededError extends KeelError {
  readonly code = 'REPLY_SUPERSEDED';
  constructor(
    readonly conversationId: string,
    readonly seq: number,
  ) {
    super(
      `Message ${seq} of conversation "${conversationId}" is no longer its last message; ` +
        'a reply can be confirmed or edited only until something follows it',
    );
  }
}

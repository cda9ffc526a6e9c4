// Plain words of agreement and refusal, the same in every domain: the conversation uses them for
// the yes to a pending action, and a domain's offline rules for answers to their questions.

/** "yes", "ok go ahead": agreement to what the agent just proposed. */
export function isAffirmative(text: string): boolean {
  return /^\s*(yes|yeah|yep|yup|sure|ok(ay)?|please do|go ahead|do it|correct|right|that'?s (right|it|correct)|please)\b/i.test(
    text,
  );
}

/** "no thanks": the customer declines what the agent proposed. */
export function isNegative(text: string): boolean {
  return /^\s*(no|nope|nah|not now|no thanks?|never ?mind|forget it|cancel that)\b/i.test(text);
}

/** One output token with its log probability, as Chat Completions returns it. */
export interface TokenLogprob {
  token: string;
  logprob: number;
}

/**
 * The probability the model gave to the intent it chose: the product of the probabilities of the
 * tokens that spell the intent's value in the JSON it wrote. Null when the server sent no
 * logprobs or the tokens do not line up with the content.
 */
export function intentProbability(content: string, tokens: TokenLogprob[] | null | undefined): number | null {
  if (!tokens || tokens.length === 0 || tokens.map((t) => t.token).join('') !== content) return null;
  const match = /"intent"\s*:\s*"([^"]*)"/.exec(content);
  if (!match) return null;
  const start = match.index + match[0].length - 1 - (match[1]?.length ?? 0);
  const end = start + (match[1]?.length ?? 0);
  let offset = 0;
  let logprob = 0;
  for (const token of tokens) {
    const tokenEnd = offset + token.token.length;
    if (tokenEnd > start && offset < end) logprob += token.logprob;
    offset = tokenEnd;
  }
  return Math.exp(logprob);
}

/**
 * The plan's confidence: the model's own, tempered by the token probability of its intent where
 * the server returned logprobs. The lower of the two wins, so neither a modest self-report nor a
 * hesitant token choice is hidden by the other.
 */
export function temperConfidence(modelConfidence: number, intentProb: number | null): number {
  const own = Math.min(1, Math.max(0, Number.isFinite(modelConfidence) ? modelConfidence : 0));
  return intentProb === null ? own : Math.min(own, intentProb);
}

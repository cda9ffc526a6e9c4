import { z } from 'zod';
import { ModelUnavailableError } from '../errors.js';

/**
 * The part of a Chat Completions response keel reads. Checked here, not trusted to the SDK's
 * types: an HTML page from a proxy, a base URL without `/v1` or a server that answers in another
 * shape must become a model failure, not a `TypeError` deep in the planner.
 */
const Completion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
        logprobs: z
          .object({
            content: z
              .array(z.object({ token: z.string(), logprob: z.number() }))
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().optional(),
      completion_tokens: z.number().optional(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type CheckedCompletion = z.infer<typeof Completion>;
export type CheckedChoice = CheckedCompletion['choices'][number];

/**
 * Reads a body until it ends or passes `maxBytes`, then cancels it: what was read, and whether it
 * was over, so a runaway answer is never buffered whole.
 */
export async function readUpTo(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Buffer; over: boolean }> {
  if (!response.body) return { bytes: Buffer.alloc(0), over: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks), over: false };
    chunks.push(value);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { bytes: Buffer.concat(chunks), over: true };
    }
  }
}

/**
 * Reads a response body up to `maxBytes`; a longer one is a model failure (`too_large`), so a
 * runaway answer is neither buffered whole nor sent back for repair.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const { bytes, over } = await readUpTo(response, maxBytes);
  if (over)
    throw new ModelUnavailableError(`The model response exceeded ${maxBytes} bytes`, response.status, {
      kind: 'too_large',
    });
  return bytes.toString('utf8');
}

/** The body as a completion, or a `malformed` model failure naming what was wrong. */
export function parseCompletion(text: string, status: number): CheckedCompletion {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelUnavailableError(
      `The model response was not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
      status,
      { kind: 'malformed' },
    );
  }
  const parsed = Completion.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new ModelUnavailableError(
      `The model response is not a chat completion (${where}: ${issue?.message})`,
      status,
      { kind: 'malformed' },
    );
  }
  return parsed.data;
}

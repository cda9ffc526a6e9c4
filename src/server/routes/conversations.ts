import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
import { InputError } from '../../errors.js';
import { requireCustomer } from '../auth.js';
import { streamTurn } from '../sse.js';
import { turnView } from '../views.js';

const MessageBody = z.strictObject({ text: z.string() });
const Params = z.object({ id: z.string().min(1).max(100) });

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`Invalid ${what}: ${issue?.path.join('.') || what} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** The chat widget's API: a customer's own conversations only. */
export function conversationRoutes(app: FastifyInstance, keel: KeelApp): void {
  app.post('/v1/conversations', async (request, reply) => {
    const customerId = requireCustomer(request.principal);
    const conversation = await keel.startConversation(customerId);
    return reply.status(201).send({ id: conversation.id });
  });

  app.get('/v1/conversations/:id', async (request) => {
    const customerId = requireCustomer(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const { conversation, messages } = await keel.viewConversation(id, customerId);
    return {
      id: conversation.id,
      status: conversation.status,
      lastWorkflowId: conversation.lastWorkflowId,
      messages: messages.map((m) => ({
        role: m.role,
        text: m.text,
        workflowId: m.workflowId,
        at: m.createdAt,
      })),
    };
  });

  app.post('/v1/conversations/:id/messages', async (request, reply) => {
    const customerId = requireCustomer(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const { text } = parse(MessageBody, request.body, 'body');
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const options = idempotencyKey ? { idempotencyKey } : {};
    if (request.headers.accept?.includes('text/event-stream')) {
      // Everything a client can fix (unknown conversation, empty or oversize message, a reused
      // key) answers as JSON with its status, before the stream opens with a 200.
      await keel.admit(id, customerId, text, idempotencyKey);
      return streamTurn(reply, keel, { conversationId: id, customerId, text, ...options });
    }
    const outcome = await keel.post(id, customerId, text, options);
    return turnView(outcome);
  });
}

const MAX_IDEMPOTENCY_KEY = 200;

/** The Idempotency-Key header: absent, or 1-200 visible ASCII characters; anything else is refused. */
function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new InputError(
      `Idempotency-Key must be one value of 1-${MAX_IDEMPOTENCY_KEY} visible ASCII characters (a UUID, say)`,
    );
  }
  return header;
}

export { Params, parse };

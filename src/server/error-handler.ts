import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { KeelError } from '../errors.js';

/** HTTP status for each error code; anything unlisted that is a KeelError is a 400. */
const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONVERSATION_NOT_FOUND: 404,
  WORKFLOW_NOT_FOUND: 404,
  ESCALATION_NOT_FOUND: 404,
  ESCALATION_ALREADY_DECIDED: 409,
  PLAN_INVALID: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  STORE_FAILED: 503,
  CONFIG_INVALID: 500,
};

/** The one place errors become HTTP responses: `{"error": {"code", "message"}}`. */
export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  let status: number;
  let code: string;
  if (error instanceof KeelError) {
    status = STATUS[error.code] ?? 400;
    code = error.code;
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, body too large, wrong content type, rate limit.
    status = error.statusCode;
    code =
      status === 429
        ? 'RATE_LIMITED'
        : status === 413
          ? 'BODY_TOO_LARGE'
          : ((error as FastifyError).code ?? 'BAD_REQUEST');
  } else {
    status = 500;
    code = 'INTERNAL';
  }
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  const message = status === 500 ? 'Something went wrong on our side; it has been logged.' : error.message;
  void reply.status(status).send({ error: { code, message } });
}

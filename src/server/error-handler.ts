import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { KeelError } from '../errors.js';

/** An error as the API answers it: a status and the documented `{"error": {"code", "message"}}`. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
}

/** HTTP status for each keel error code; anything unlisted that is a KeelError is a 400. */
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

/**
 * Fastify's and Node's own client errors, under stable keel codes and messages of ours (theirs
 * echo the whole URL back, and change between versions).
 */
const FRAMEWORK: Record<string, HttpError> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: 'The URL is not valid (a bad %-escape?)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'An id in the URL is too long' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'BODY_TOO_LARGE',
    message: 'The request body is too large',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'The request line or headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'The request took too long to arrive',
  },
};

/** Codes for client errors that carry only a status (the rate limiter's, Fastify's others). */
const BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const INTERNAL: HttpError = {
  status: 500,
  code: 'INTERNAL',
  message: 'Something went wrong on our side; it has been logged.',
};

/** The one mapping from anything thrown to what the API answers. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof KeelError) {
    const status = STATUS[error.code] ?? 400;
    return status === 500 ? INTERNAL : { status, code: error.code, message: error.message };
  }
  const { code, statusCode, message } = (error ?? {}) as Partial<FastifyError>;
  const known = code ? FRAMEWORK[code] : undefined;
  if (known) return known;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode,
      code: BY_STATUS[statusCode] ?? 'BAD_REQUEST',
      message: message || 'The request was not understood',
    };
  }
  return INTERNAL;
}

/** Fastify's error handler, and its `frameworkErrors` (bad URL, over-long id) through the same map. */
export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const http = toHttpError(error);
  if (http.status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.status(http.status).send({ error: { code: http.code, message: http.message } });
}

/** Unknown routes and methods. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply): void {
  const message = `No route ${request.method} ${request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url}`;
  void reply.status(404).send({ error: { code: 'NOT_FOUND', message } });
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (431 headers too large, a request
 * line that is not HTTP): answered on the raw socket, in the same shape, then the socket is closed.
 */
export function sendClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const http = FRAMEWORK[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP',
  };
  const body = JSON.stringify({ error: { code: http.code, message: http.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${http.status} ${STATUS_TEXT[http.status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

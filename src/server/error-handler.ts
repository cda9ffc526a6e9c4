import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, type ErrorCode, publicError } from '../error-codes.js';
import { KeelError } from '../errors.js';

/** An error as the API answers it: a status and the documented `{"error": {"code", "message"}}`. */
export interface HttpError {
  status: number;
  code: ErrorCode;
  message: string;
}

/**
 * Fastify's and Node's own client errors, under stable keel codes and the table's messages (theirs
 * echo the whole URL back, and change between versions).
 */
const FRAMEWORK: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/** Codes for client errors that carry only a status (the rate limiter's, Fastify's others). */
const BY_STATUS: ErrorCode[] = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
];

const framework = (code: ErrorCode): HttpError => ({
  status: ERRORS[code].http,
  code,
  message: ERRORS[code].meaning,
});

/** The one mapping from anything thrown to what the API answers, through the error table. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof KeelError) return publicError(error.code, error.message);
  const { code, statusCode, message } = (error ?? {}) as Partial<FastifyError>;
  const known = code ? FRAMEWORK[code] : undefined;
  if (known) return framework(known);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode,
      code: BY_STATUS.find((c) => ERRORS[c].http === statusCode) ?? 'BAD_REQUEST',
      message: message || 'The request was not understood',
    };
  }
  return publicError('INTERNAL', '');
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
  void reply
    .status(ERRORS.NOT_FOUND.http)
    .send({ error: { code: 'NOT_FOUND' satisfies ErrorCode, message } });
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (431 headers too large, a request
 * line that is not HTTP): answered on the raw socket, in the same shape, then the socket is closed.
 */
export function sendClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = FRAMEWORK[error.code ?? ''];
  const http = known
    ? framework(known)
    : { ...framework('BAD_REQUEST'), message: 'The request is not valid HTTP' };
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

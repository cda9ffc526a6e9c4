import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { KeelApp } from '../src/agent/keel-app.js';
import { chatError } from '../src/cli/commands/chat.js';
import { replayFiles } from '../src/cli/commands/replay.js';
import { reportError } from '../src/cli/main.js';
import { ERROR_CODES, ERRORS, type ErrorCode, type ErrorEntry } from '../src/error-codes.js';
import { KeelError } from '../src/errors.js';
import { toHttpError } from '../src/server/error-handler.js';
import { streamTurn } from '../src/server/sse.js';

/** A keel error of any code, so every row of the table can be thrown. */
class Coded extends KeelError {
  constructor(readonly code: ErrorCode) {
    super(`secret detail of ${code}`);
  }
}

const captured = () => {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
};

/** What a client may see: its own message for its own errors, never keel's internals. */
const expectedHttp = (code: ErrorCode) => {
  const entry = ERRORS[code];
  if (entry.http === 500) return { status: 500, code: 'INTERNAL', message: `${ERRORS.INTERNAL.meaning}.` };
  return {
    status: entry.http,
    code,
    message: entry.fault === 'client' ? `secret detail of ${code}` : entry.meaning,
  };
};

describe('the error table', () => {
  it('has one entry per code, and what each fault implies holds', () => {
    expect(Object.keys(ERRORS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const entry = ERRORS[code];
      // A client's error is a 4xx it can fix (exit 2); keel's is a 5xx.
      if (entry.fault === 'client')
        expect([code, entry.http, entry.exit]).toEqual([code, expect.any(Number), 2]);
      expect([code, entry.fault === 'client']).toEqual([code, entry.http < 500]);
      if (entry.retryable)
        expect([code, entry.http]).toEqual([
          code,
          expect.toSatisfy((s: number) => [408, 429, 503].includes(s)),
        ]);
    }
  });

  it('answers the conflicts and keel-side failures the old tables called bad input', () => {
    expect(toHttpError(new Coded('WORKFLOW_STATE_INVALID')).status).toBe(409);
    expect(toHttpError(new Coded('REPLAY_MISMATCH'))).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(toHttpError(new Coded('MODEL_UNAVAILABLE'))).toMatchObject({
      status: 503,
      code: 'MODEL_UNAVAILABLE',
    });
    expect(toHttpError(new Coded('STORE_FAILED')).message).not.toContain('secret');
  });

  it('the HTTP handler answers every code with its status, and hides what is keel-side', () => {
    for (const code of ERROR_CODES) expect(toHttpError(new Coded(code))).toEqual(expectedHttp(code));
  });

  it('an SSE stream ends every code with the error event the JSON answer would carry', async () => {
    const app = Fastify();
    let thrown: ErrorCode = 'INTERNAL';
    const keel = {
      subscribe: () => () => true,
      post: async () => Promise.reject(new Coded(thrown)),
    } as unknown as KeelApp;
    app.get('/stream', (_request, reply) =>
      streamTurn(reply, keel, { conversationId: 'c', customerId: 'u', text: 'hi' }),
    );
    for (const code of ERROR_CODES) {
      thrown = code;
      const response = await app.inject({ method: 'GET', url: '/stream' });
      const { status, ...body } = expectedHttp(code);
      expect([code, response.body]).toEqual([
        code,
        `event: error\ndata: ${JSON.stringify({ error: body })}\n\n`,
      ]);
    }
    await app.close();
  });

  it("the CLI exits with each code's exit code and names the code in --json", () => {
    for (const code of ERROR_CODES) {
      const stdout = captured();
      const io = { stdout, stderr: captured(), env: {}, cwd: '/' };
      expect([code, reportError(new Coded(code), io, true)]).toEqual([code, ERRORS[code].exit]);
      expect(JSON.parse(stdout.text()).error.code).toBe(code);
    }
    const parse = Object.assign(new TypeError('Unknown option --x'), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    expect(reportError(parse, { stdout: captured(), stderr: captured(), env: {}, cwd: '/' }, false)).toBe(2);
    expect(
      reportError(new Error('boom'), { stdout: captured(), stderr: captured(), env: {}, cwd: '/' }, false),
    ).toBe(1);
  });

  it('keel chat goes on after an error unless the table says the session ends', () => {
    for (const code of ERROR_CODES) {
      const stdout = captured();
      const ended = chatError(new Coded(code), { stdout, stderr: captured(), env: {}, cwd: '/' });
      expect([code, ended]).toEqual([code, ERRORS[code].session === 'end' ? ERRORS[code].exit : null]);
      expect(stdout.text()).toContain(`(${code}`);
    }
  });

  it('keel replay fails one file and goes on, or stops the run, as the table says', async () => {
    for (const code of ERROR_CODES) {
      const run = replayFiles(['a.json', 'b.json'], async (file) => {
        if (file === 'a.json') throw new Coded(code);
        return { name: 'b', file, ok: true, turns: [], updated: false };
      });
      if (ERRORS[code].session === 'end') await expect(run, code).rejects.toThrow(Coded);
      else {
        const { reports, exit } = await run;
        expect([code, exit, reports.map((r) => r.ok)]).toEqual([code, ERRORS[code].exit, [false, true]]);
      }
    }
  });

  it('no adapter keeps its own copy: changing a row changes every answer', async () => {
    const row = ERRORS.ESCALATION_NOT_FOUND as { -readonly [K in keyof ErrorEntry]: ErrorEntry[K] };
    const saved = { ...row };
    const io = { stdout: captured(), stderr: captured(), env: {}, cwd: '/' };
    try {
      Object.assign(row, { http: 410, exit: 1, session: 'end' });
      const error = new Coded('ESCALATION_NOT_FOUND');
      expect(toHttpError(error).status).toBe(410);
      expect(reportError(error, io, true)).toBe(1);
      expect(chatError(error, io)).toBe(1);
      await expect(replayFiles(['a.json'], async () => Promise.reject(error))).rejects.toThrow(Coded);
    } finally {
      Object.assign(row, saved);
    }
  });

  it("the README documents every code with the table's status and exit code", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| (\d{3}) \| ([12]) \|/gm)].map((m) => [
        m[1],
        [Number(m[2]), Number(m[3])],
      ]),
    );
    for (const code of ERROR_CODES)
      expect([code, rows.get(code)]).toEqual([code, [ERRORS[code].http, ERRORS[code].exit]]);
  });
});

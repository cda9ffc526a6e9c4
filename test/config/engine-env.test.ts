import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keelSettingsFromEnv } from '../../src/config/engine-env.js';
import { llmConfigFromEnv } from '../../src/config/llm-env.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { ConfigError } from '../../src/errors.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';

describe('keelSettingsFromEnv', () => {
  it('leaves out every setting whose variable is unset or empty, so options and defaults hold', () => {
    expect(keelSettingsFromEnv({})).toEqual({});
    expect(
      keelSettingsFromEnv({
        KEEL_SQLITE_SYNCHRONOUS: '',
        KEEL_LEASE_MS: ' ',
        KEEL_CONFIDENCE_THRESHOLD: '',
        KEEL_CONFIRM_WRITES: '  ',
        KEEL_TURN_TIMEOUT_MS: '',
        OPENAI_API_KEY: ' ',
      }),
    ).toEqual({});
  });

  it('parses each variable into the typed option the engine takes', () => {
    expect(
      keelSettingsFromEnv({
        KEEL_SQLITE_SYNCHRONOUS: 'normal',
        KEEL_LEASE_MS: '5000',
        KEEL_CONFIDENCE_THRESHOLD: '0.5',
        KEEL_CONFIRM_WRITES: 'off',
        KEEL_TURN_TIMEOUT_MS: '120000',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        KEEL_MODEL: 'llama3.1',
        KEEL_LLM_TIMEOUT_MS: '9000',
        KEEL_LLM_LOGPROBS: 'no',
        KEEL_REPHRASE_QUESTIONS: 'on',
        KEEL_PENDING_ACTION_TTL_MS: '60000',
      }),
    ).toEqual({
      synchronous: 'NORMAL',
      leaseMs: 5000,
      confidenceThreshold: 0.5,
      confirmWrites: false,
      turnTimeoutMs: 120_000,
      pendingActionTtlMs: 60_000,
      llm: {
        apiKey: null,
        baseURL: 'http://127.0.0.1:11434/v1',
        model: 'llama3.1',
        timeoutMs: 9000,
        maxRetries: 2,
        logprobs: false,
        rephraseQuestions: true,
        source: 'OPENAI_API_KEY, OPENAI_BASE_URL and KEEL_MODEL',
      },
    });
  });

  it.each([
    [
      'KEEL_SQLITE_SYNCHRONOUS',
      'sometimes',
      /KEEL_SQLITE_SYNCHRONOUS must be one of OFF, NORMAL, FULL, EXTRA, got "sometimes"/,
    ],
    [
      'KEEL_LEASE_MS',
      '999',
      /KEEL_LEASE_MS must be a whole number of milliseconds, at least 1000, got "999"/,
    ],
    ['KEEL_LEASE_MS', '1.5e3x', /KEEL_LEASE_MS must be a whole number/],
    [
      'KEEL_CONFIDENCE_THRESHOLD',
      '1.2',
      /KEEL_CONFIDENCE_THRESHOLD must be a number between 0 and 1, got "1.2"/,
    ],
    ['KEEL_CONFIDENCE_THRESHOLD', 'high', /KEEL_CONFIDENCE_THRESHOLD must be a number between 0 and 1/],
    ['KEEL_CONFIRM_WRITES', 'sure', /KEEL_CONFIRM_WRITES must be one of 1\/0/],
    ['KEEL_TURN_TIMEOUT_MS', '-5', /KEEL_TURN_TIMEOUT_MS must be a positive integer, got "-5"/],
    ['OPENAI_BASE_URL', 'localhost:11434', /OPENAI_BASE_URL must be an http\(s\) URL, got "localhost:11434"/],
  ])('refuses %s=%j with a ConfigError naming it', (name, value, message) => {
    expect(() => keelSettingsFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => keelSettingsFromEnv({ [name]: value })).toThrow(message);
  });

  it('checks the model variables only when a model is configured', () => {
    expect(llmConfigFromEnv({ KEEL_LLM_TIMEOUT_MS: 'soon' })).toBeNull();
    expect(() => llmConfigFromEnv({ OPENAI_API_KEY: 'k', KEEL_LLM_TIMEOUT_MS: 'soon' })).toThrow(
      /KEEL_LLM_TIMEOUT_MS must be a positive integer, got "soon"/,
    );
  });
});

describe('openRetailKeel, a composition root', () => {
  it('lets a variable that is set win over the option, and the option hold when it is unset', async () => {
    const asks = async (env: Record<string, string>) => {
      const keel = openRetailKeel({ dbPath: ':memory:', env, planner: 'offline', confirmWrites: true });
      const { id } = await keel.startConversation('C-1002');
      const turn = await keel.post(id, 'C-1002', 'please cancel ORD-1004');
      await keel.close();
      return turn.workflow === null;
    };
    expect(await asks({})).toBe(true);
    expect(await asks({ KEEL_CONFIRM_WRITES: 'off' })).toBe(false);
  });

  it('refuses --planner llm without a model before it opens anything', () => {
    expect(() => openRetailKeel({ dbPath: '/nonexistent/dir/keel.db', env: {}, planner: 'llm' })).toThrow(
      /--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL/,
    );
  });

  it('claims workflows with the lease KEEL_LEASE_MS sets, and refuses one under a second', async () => {
    const time = new VirtualTime('2026-03-01T09:00:00.000Z');
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { KEEL_LEASE_MS: '5000', KEEL_CONFIRM_WRITES: 'off' },
      planner: 'offline',
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const { id } = await keel.startConversation('C-1002');
    const turn = await keel.post(id, 'C-1002', 'please cancel ORD-1004');
    await keel.close();
    expect(turn.workflow?.workflow.leaseExpiresAt).toBe('2026-03-01T09:00:05.000Z');
    expect(() => openRetailKeel({ dbPath: ':memory:', env: { KEEL_LEASE_MS: '10' } })).toThrow(
      /KEEL_LEASE_MS must be a whole number/,
    );
  });

  it('sets KEEL_SQLITE_SYNCHRONOUS on the connection, FULL when unset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-env-'));
    const level = (env: Record<string, string>) => {
      const keel = openRetailKeel({ dbPath: join(dir, 'keel.db'), env, planner: 'offline' });
      const value = keel.db?.pragma('synchronous', { simple: true });
      void keel.close();
      return value;
    };
    try {
      expect(level({})).toBe(2);
      expect(level({ KEEL_SQLITE_SYNCHRONOUS: 'normal' })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

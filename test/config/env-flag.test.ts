import { describe, expect, it } from 'vitest';
import { envFlag } from '../../src/config/env-flag.js';
import { llmConfigFromEnv } from '../../src/config/llm-env.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { ConfigError } from '../../src/errors.js';
import { createCli } from '../helpers/cli-harness.js';

describe('envFlag', () => {
  it.each(['1', 'true', 'TRUE', ' yes ', 'On'])('reads %j as on', (value) => {
    expect(envFlag({ FLAG: value }, 'FLAG', false)).toBe(true);
  });

  it.each(['0', 'false', 'False', ' no', 'OFF'])('reads %j as off', (value) => {
    expect(envFlag({ FLAG: value }, 'FLAG', true)).toBe(false);
  });

  it('falls back when the variable is unset or blank', () => {
    expect(envFlag({}, 'FLAG', true)).toBe(true);
    expect(envFlag({ FLAG: '  ' }, 'FLAG', false)).toBe(false);
  });

  it.each(['2', 'enabled', 'nope', 'truee'])('refuses %j with a ConfigError naming the variable', (value) => {
    expect(() => envFlag({ KEEL_X: value }, 'KEEL_X', true)).toThrow(ConfigError);
    expect(() => envFlag({ KEEL_X: value }, 'KEEL_X', true)).toThrow(/KEEL_X .*got "/);
  });

  it('is the parser behind KEEL_CONFIRM_WRITES and KEEL_LLM_LOGPROBS', async () => {
    const open = (value: string) =>
      openRetailKeel({ dbPath: ':memory:', env: { KEEL_CONFIRM_WRITES: value }, planner: 'offline' });
    const keel = open('false');
    const { id } = await keel.startConversation('C-1002');
    // With confirmation off, a cancel runs at once instead of asking "Shall I go ahead?".
    const turn = await keel.post(id, 'C-1002', 'please cancel ORD-1004');
    await keel.close();
    expect(turn.workflow?.workflow.status).toBe('completed');
    expect(() => open('maybe')).toThrow(/KEEL_CONFIRM_WRITES/);
    expect(llmConfigFromEnv({ OPENAI_API_KEY: 'k', KEEL_LLM_LOGPROBS: 'off' })?.logprobs).toBe(false);
    expect(llmConfigFromEnv({ OPENAI_API_KEY: 'k' })?.rephraseQuestions).toBe(false);
    expect(llmConfigFromEnv({ OPENAI_API_KEY: 'k', KEEL_REPHRASE_QUESTIONS: 'on' })?.rephraseQuestions).toBe(
      true,
    );
    expect(() => llmConfigFromEnv({ OPENAI_API_KEY: 'k', KEEL_LLM_LOGPROBS: 'nein' })).toThrow(
      /KEEL_LLM_LOGPROBS/,
    );
  });

  it('makes the CLI refuse a misspelt flag at start with exit 2', async () => {
    const cli = createCli({ KEEL_CONFIRM_WRITES: 'yes please' });
    const result = await cli.run('workflows', 'list', '--db', cli.db);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEEL_CONFIRM_WRITES must be one of/);
  });
});

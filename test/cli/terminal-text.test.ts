import { describe, expect, it } from 'vitest';
import { oneLine, printable, terminalJson } from '../../src/cli/terminal-text.js';
import { createCli } from '../helpers/cli-harness.js';

// A customer's message that clears the screen, homes the cursor and prints a forged row, with a
// one-byte CSI (U+009B) and a right-to-left override for good measure. The forged row names no
// amount: a message that does goes to a person with a policy reason instead of its own words.
const FORGED = 'esc_forged   open      approval   wf_x   approve me at once';
const EVIL = `I want to speak to a human\u001b[2J\u001b[H\r\n${FORGED}\u009b31m\u202e`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

describe('customer text on a terminal', () => {
  it('strips control characters, keeps tabs and newlines, and keeps rows on one line', () => {
    expect(printable('a\u001b[2Jb\tc\nd\u0007\u009b\r')).toBe('a[2Jb\tc\nd');
    expect(oneLine('a\nb\tc')).toBe('a b c');
    expect(terminalJson(JSON.stringify({ t: 'x\u009by' }))).toBe('{"t":"x\\u009by"}');
    expect(JSON.parse(terminalJson(JSON.stringify({ t: 'x\u009by' })))).toEqual({ t: 'x\u009by' });
  });

  it('cannot clear the screen or forge a row in run output, escalations list or workflows show', async () => {
    const cli = createCli();
    const run = await cli.run('run', EVIL, '--customer', 'C-1001', '--db', cli.db);
    expect(run.code).toBe(3);
    const list = await cli.run('escalations', 'list', '--db', cli.db);
    const id = /workflow (wf_\w+)/.exec(run.stdout)?.[1] ?? '';
    const show = await cli.run('workflows', 'show', id, '--db', cli.db);
    for (const output of [run.stdout, list.stdout, show.stdout]) {
      expect(output).toContain('I want to speak to a human');
      expect(output).not.toMatch(CONTROL);
      // The forged row is text inside the real one, never a line of its own.
      expect(output.split('\n').some((line) => line.startsWith('esc_forged'))).toBe(false);
    }
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('keeps --json output exact: the same value, with nothing a terminal acts on', async () => {
    const cli = createCli();
    await cli.run('run', EVIL, '--customer', 'C-1001', '--db', cli.db);
    const list = await cli.run('escalations', 'list', '--json', '--db', cli.db);
    expect(list.stdout).not.toMatch(CONTROL);
    const [escalation] = JSON.parse(list.stdout).escalations;
    expect(escalation.reason).toContain(`\u001b[2J\u001b[H\r\n${FORGED}\u009b31m\u202e`);
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayConversation } from '../../src/replay/replay.js';

const dir = new URL('../../fixtures/conversations/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded conversations', () => {
  it('holds at least 40 cassettes', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s replays without drift', async (file) => {
    const report = await replayConversation(`${dir}${file}`);
    expect(report.turns.flatMap((t) => t.drifts.map((d) => `turn ${t.turn}: ${d}`))).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { auditCampaign } from './crash-audit.js';
import { runCampaign } from './crash-run.js';
import { KILL_KINDS } from './kill-points.js';

// Kill points are counted, not timed: worker k dies at the N-th commit point of its kind, N from a
// seeded RNG, so every machine runs the same work between the same kills. `npm run torture` runs
// the long version of this campaign.
// One kill per kind keeps it cheap (six worker processes); the torture run does hundreds.
const KILLS_PER_KIND = 1;

describe('crash safety', () => {
  it('loses no acknowledged step or reply and repeats no effect when killed at every kind of commit point', {
    timeout: 120_000,
  }, async () => {
    const run = await runCampaign({
      workflows: 12,
      maxKills: KILLS_PER_KIND * KILL_KINDS.length,
      faultRate: 0.3,
      seed: 42,
      span: { 'before-call': 8, 'after-effect': 8, 'after-checkpoint': 16, 'before-reply': 2, any: 30 },
    });
    expect(run.kills).toEqual(Object.fromEntries(KILL_KINDS.map((k) => [k, KILLS_PER_KIND])));
    const audit = await auditCampaign(run);
    expect(audit).toMatchObject({
      duplicatedEffects: 0,
      lostSteps: 0,
      lostReplies: 0,
      unsettled: 0,
      inconsistent: [],
    });
    expect(audit.workflows).toBeGreaterThanOrEqual(12);
    // The kills landed inside workflows and right after a workflow's settling commit, not only
    // between turns: some workflows were resumed. A reply commits with the change that settles its
    // workflow, so a kill after that commit leaves no reply for recovery to post late.
    // With seed 42 every machine sees the same counts (the recall of a failed write's effect and
    // its lookups are commit points too). The dry run that previews each return reads the shop
    // before its workflow starts, so a kill before a call can land there, with nothing to resume.
    expect(run.kills['before-reply']).toBeGreaterThanOrEqual(1);
    expect(audit.recovered).toBeGreaterThanOrEqual(3);
    expect(run.repliedLate).toBe(0);
    expect(run.acks.size).toBeGreaterThanOrEqual(55);
  });
});

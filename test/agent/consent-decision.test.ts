import { describe, expect, it } from 'vitest';
import { decideConsent } from '../../src/agent/consent-decision.js';

const yes = (pendingActionId: string) => ({ pendingActionId, consent: 'yes' as const, kind: null });

describe('decideConsent', () => {
  it('takes the offline reading alone without a model answer', () => {
    expect(decideConsent('yes', 'pa1', null)).toBe('yes');
    expect(decideConsent('sure thing mate', 'pa1', null)).toBe('other');
  });

  it("takes the model's yes only for the same pending action and no offline sign against it", () => {
    expect(decideConsent('sure thing mate', 'pa1', yes('pa1'))).toBe('yes');
    expect(decideConsent('sure thing mate', 'pa1', yes('pa2'))).toBe('other');
    expect(decideConsent("no, don't do that", 'pa1', yes('pa1'))).toBe('no');
    expect(decideConsent('I suppose that is fine', 'pa1', yes('pa1'))).toBe('hedge');
    expect(decideConsent('yes, but where is ORD-1002?', 'pa1', yes('pa1'))).not.toBe('yes');
  });

  it("never turns a model's no or other into a yes", () => {
    expect(decideConsent('yes', 'pa1', { pendingActionId: 'pa1', consent: 'no', kind: null })).toBe('no');
    expect(decideConsent('yes', 'pa1', { pendingActionId: 'pa1', consent: 'other', kind: 'question' })).toBe(
      'question',
    );
    expect(decideConsent('yes', 'pa1', { pendingActionId: 'pa1', consent: 'other', kind: null })).toBe(
      'other',
    );
  });
});

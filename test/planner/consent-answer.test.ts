import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConsentAnswer } from '../../src/planner/consent-answer.js';

describe('ConsentAnswer', () => {
  it('parses a model yes bound to a pending action', () => {
    expect(ConsentAnswer.parse({ pendingActionId: 'pa_1', consent: 'yes', kind: null })).toEqual({
      pendingActionId: 'pa_1',
      consent: 'yes',
      kind: null,
    });
  });

  it('rejects extra keys, missing keys and consents outside yes, no, other', () => {
    expect(
      ConsentAnswer.safeParse({ pendingActionId: 'pa_1', consent: 'yes', kind: null, note: 'x' }).success,
    ).toBe(false);
    expect(ConsentAnswer.safeParse({ consent: 'yes', kind: null }).success).toBe(false);
    expect(
      ConsentAnswer.safeParse({ pendingActionId: 'pa_1', consent: 'probably', kind: null }).success,
    ).toBe(false);
  });

  it('converts to a strict JSON schema with every field required', () => {
    const schema = z.toJSONSchema(ConsentAnswer) as { required: string[]; additionalProperties: boolean };
    expect(schema.required.sort()).toEqual(['consent', 'kind', 'pendingActionId']);
    expect(schema.additionalProperties).toBe(false);
  });
});

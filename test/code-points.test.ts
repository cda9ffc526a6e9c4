import { describe, expect, it } from 'vitest';
import { clipUtf16, codePointLength } from '../src/code-points.js';
import { handoffPlan } from '../src/domains/retail/playbooks.js';

describe('code points', () => {
  it('counts an emoji as one character', () => {
    expect(codePointLength('🙂'.repeat(2001))).toBe(2001);
    expect(codePointLength('abc')).toBe(3);
  });

  it('never cuts an emoji in half when clipping to a UTF-16 limit', () => {
    expect(clipUtf16(`a${'🙂'.repeat(10)}`, 4)).toBe('a🙂');
    expect(clipUtf16('abcdef', 4)).toBe('abcd');
    const summary = (handoffPlan(`x${'🙂'.repeat(600)}`, 1).steps[0]?.args.summary ?? '') as string;
    expect(summary.length).toBeLessThanOrEqual(500);
    expect(summary).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

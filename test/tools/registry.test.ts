import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRetailRegistry } from '../../src/domains/retail/tools/index.js';
import { DuplicateToolError, ToolDefinitionError } from '../../src/errors.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { defineTool, type ToolSpec } from '../../src/tools/tool.js';

type AnySpec = ToolSpec<z.ZodObject, Record<never, never>, Record<never, never>>;
const base: AnySpec = {
  name: 'do_thing',
  description: 'Does a thing for the test.',
  input: z.object({}),
  effect: 'write',
  async run() {
    return {};
  },
};
const tool = (overrides: Partial<AnySpec> = {}) => defineTool({ ...base, ...overrides });

describe('defineTool', () => {
  it.each([
    [{ name: 'DoThing' }, 'snake_case'],
    [{ name: 'thing' }, 'snake_case'],
    [{ description: '' }, 'description'],
    [{ input: z.string() as unknown as z.ZodObject }, 'zod object'],
    [{ effect: 'delete' as 'write' }, 'effect'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ retry: { maxAttempts: 0 } }, 'maxAttempts'],
    [{ retry: { baseDelayMs: 100, maxDelayMs: 10 } }, 'maxDelayMs'],
    [{ retry: { jitter: 2 } }, 'jitter'],
    [{ effect: 'read' as const, compensate: 'undo_thing' }, 'only write tools'],
    [{ compensate: 'do_thing' }, 'compensate itself'],
    [{ requires: ['do_thing'] }, 'require itself'],
    [{ effect: 'read' as const, repeatable: true }, 'only write tools can be repeatable'],
    [
      { effect: 'read' as const, money: { kind: 'refund' as const, amount: (): number => 1 } },
      'only write tools move money',
    ],
    [
      { money: { kind: 'gift' as 'refund', amount: (): number => 1 } },
      'money.kind must be one of refund, charge, difference',
    ],
    [
      {
        money: { kind: 'difference' as const, amount: (): number => 1 },
        bounds: { kind: 'difference' as const, amount: (): number => 1 },
      },
      'either moves money or bounds it',
    ],
    [
      { bounds: { kind: 'charge' as const, amount: 5 as unknown as () => number } },
      'bounds.amount must be a function',
    ],
  ])('rejects a bad definition (%o) with a message about %s', (overrides, fragment) => {
    expect(() => tool(overrides as Partial<AnySpec>)).toThrow(ToolDefinitionError);
    expect(() => tool(overrides as Partial<AnySpec>)).toThrow(fragment);
  });

  it('keeps what a tool declares about money and repeats', () => {
    const pay = tool({ repeatable: true, money: { kind: 'charge', amount: () => 5 } });
    expect(pay.repeatable).toBe(true);
    expect(pay.money?.kind).toBe('charge');
    expect(tool().repeatable).toBe(false);
    const retail = createRetailRegistry();
    expect(retail.require('schedule_refund').money?.kind).toBe('refund');
    expect(retail.require('check_return_eligibility').bounds?.kind).toBe('refund');
    for (const name of ['exchange_item', 'change_order_items'])
      expect(retail.require(name).money?.kind).toBe('difference');
    for (const name of ['check_exchange', 'check_order_change'])
      expect(retail.require(name).bounds?.kind).toBe('difference');
  });

  it('rejects a context key that is both read and written', () => {
    expect(() =>
      tool({ reads: { order: z.string() }, writes: { order: z.string() } } as Partial<AnySpec>),
    ).toThrow('both read and written');
  });
});

describe('ToolRegistry', () => {
  it('rejects a duplicate name when tools are registered', () => {
    const registry = new ToolRegistry([tool()]);
    expect(() => registry.register(tool())).toThrow(DuplicateToolError);
    expect(() => new ToolRegistry([tool(), tool()])).toThrow(DuplicateToolError);
  });

  it('rejects references to tools that are not registered', () => {
    expect(() => new ToolRegistry([tool({ requires: ['look_up'] })])).toThrow('requires "look_up"');
    expect(() => new ToolRegistry([tool({ compensate: 'undo_thing' })])).toThrow(
      'compensate names "undo_thing"',
    );
  });

  it('rejects a read-only compensation', () => {
    const undo = tool({ name: 'undo_thing', effect: 'read' });
    expect(() => new ToolRegistry([tool({ compensate: 'undo_thing' }), undo])).toThrow(
      'must be a write tool',
    );
  });

  it('holds the retail toolset and lists only plannable tools for planners', () => {
    const registry = createRetailRegistry();
    expect(registry.plannable().map((t) => t.name)).not.toContain('void_return_label');
    expect(registry.plannable().map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'lookup_order',
        'check_return_eligibility',
        'schedule_refund',
        'hand_over_to_human',
      ]),
    );
    expect(registry.get('create_return_label')?.compensate).toBe('void_return_label');
  });
});

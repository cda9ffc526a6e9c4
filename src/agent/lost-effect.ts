import { z } from 'zod';
import type { Tool } from '../tools/tool.js';

const Recalled = z.object({ recalled: z.record(z.string(), z.unknown()).nullable() });

/**
 * A step that failed for good may still have taken effect: its last attempt can have changed the
 * remote system and lost the answer. This wraps the tool's `recall` as a tool of its own, so the
 * lookup by idempotency key runs like any step (timeout, retries, journal) before the undo.
 */
export function recallTool(tool: Tool): Tool {
  const recall = tool.recall;
  if (!recall) throw new Error(`"${tool.name}" has no recall`);
  return Object.freeze({
    ...tool,
    input: z.object({}),
    writes: Recalled,
    compensate: undefined,
    async run(_input: unknown, ctx: Parameters<typeof recall>[0]) {
      return { recalled: await recall(ctx) };
    },
  });
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../errors.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, println } from '../io.js';
import { describeResult, exitCodeFor, progressPrinter } from '../render.js';

/** The largest plan file accepted; a plan is a few KB, anything bigger is a mistake. */
const MAX_PLAN_BYTES = 256 * 1024;

export async function execCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      plan: { type: 'string' },
      customer: { type: 'string' },
      faults: { type: 'string' },
    },
  });
  if (!values.plan || !values.customer) {
    throw new InputError('keel exec needs --plan FILE and --customer ID');
  }
  const plan = await readPlan(resolve(io.cwd, values.plan));
  const onEvent = values.json ? undefined : progressPrinter(io.stdout);
  return withApp(
    io,
    { db: values.db, ...(values.faults ? { faults: values.faults } : {}), ...(onEvent ? { onEvent } : {}) },
    async (app) => {
      const result = await app.execute(plan, values.customer as string);
      if (values.json) println(io.stdout, JSON.stringify(result, null, 2));
      else for (const line of describeResult(result)) println(io.stdout, line);
      return exitCodeFor(result.workflow.status);
    },
  );
}

async function readPlan(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read plan file "${path}": ${(error as Error).message}`);
  }
  if (Buffer.byteLength(text) > MAX_PLAN_BYTES) {
    throw new InputError(`Plan file "${path}" is larger than ${MAX_PLAN_BYTES} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`Plan file "${path}" is not valid JSON: ${(error as Error).message}`);
  }
}

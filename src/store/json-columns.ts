import type { Checkpoint } from './workflow-records.js';

/** How both stores write a JSON column: its text, or NULL for a value that is null or missing. */
export const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** An optional boolean as the 0/1 integer both schemas keep; undefined binds NULL (left as it is). */
export const flag = (value: boolean | undefined): number | null =>
  value === undefined ? null : value ? 1 : 0;

/** A checkpoint's JSON columns, serialised before its transaction opens. */
export type CheckpointJson = {
  output: string | null;
  error: string | null;
  outcome: string | null;
  /** Each event's `data`, in the order of `events`. */
  data: (string | null)[];
  /** Characters written, which `checkpointStep` returns for the executor to meter. */
  size: number;
};

export function checkpointJson(args: Checkpoint): CheckpointJson {
  const output = json(args.step.output);
  const error = json(args.step.error);
  const outcome = json(args.outcome);
  const data = args.events.map((event) => json(event.data));
  const sizes = [output, error, outcome, ...data].map((text) => text?.length ?? 0);
  return { output, error, outcome, data, size: sizes.reduce((a, b) => a + b, 0) };
}

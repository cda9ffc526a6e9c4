import { parseArgs } from 'node:util';
import { messageText } from '../../agent/customer-message.js';
import { InputError, PlanInvalidError } from '../../errors.js';
import { renderAsk } from '../../planner/ask.js';
import { scopeFor, validatePlan } from '../../planner/validate.js';
import { withApp } from '../app.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';

/** Flags shared by `plan` and `run`. */
export const MESSAGE_OPTIONS = {
  ...COMMON_OPTIONS,
  customer: { type: 'string' },
  planner: { type: 'string' },
  record: { type: 'string' },
} as const;

/** The message and the planner override, checked as bad input before anything opens. */
export function messageArgs(positionals: string[], values: { customer?: string; planner?: string }) {
  const joined = positionals.join(' ');
  if (!joined.trim() || !values.customer) throw new InputError('needs "MESSAGE" and --customer ID');
  const text = messageText(joined);
  const planner = values.planner;
  if (planner !== undefined && planner !== 'llm' && planner !== 'offline') {
    throw new InputError(`--planner must be llm or offline, got "${planner}"`);
  }
  return { text, customerId: values.customer, ...(planner ? { planner: planner as 'llm' | 'offline' } : {}) };
}

/** `keel plan "MESSAGE" --customer ID`: shows the plan and the planner's reasons, runs nothing. */
export async function planCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: MESSAGE_OPTIONS });
  const { text, customerId, planner } = messageArgs(positionals, values);
  if (values.record) throw new InputError('--record is for keel run; keel plan runs nothing to record');
  return withApp(
    io,
    { db: values.db, 'database-url': values['database-url'], ...(planner ? { planner } : {}) },
    async (app) => {
      const { threshold, wouldWait, ...planned } = await app.plan(customerId, text);
      let issues: PlanInvalidError['issues'] = [];
      try {
        validatePlan(planned.plan, app.registry, await scopeFor(app.domain, customerId));
      } catch (error) {
        if (!(error instanceof PlanInvalidError)) throw error;
        issues = error.issues;
      }
      if (values.json) {
        println(io.stdout, JSON.stringify({ ...planned, issues, threshold, wouldWait }, null, 2));
        return EXIT.completed;
      }
      const { plan } = planned;
      println(
        io.stdout,
        `planner: ${planned.planner}${planned.fallbackFrom ? ' (the model was unavailable)' : ''}`,
      );
      println(
        io.stdout,
        `intent: ${plan.intent} · confidence ${plan.confidence.toFixed(2)} (threshold ${threshold})`,
      );
      if (plan.ask) println(io.stdout, `asks (${plan.ask.kind}): ${renderAsk(app.domain, plan.ask)}`);
      for (const [i, s] of plan.steps.entries()) {
        println(io.stdout, `  ${i + 1}. ${s.id.padEnd(12)} ${s.tool} ${JSON.stringify(s.args)}`);
      }
      println(io.stdout, 'reasons:');
      for (const reason of planned.reasons) println(io.stdout, `  - ${reason}`);
      if (planned.escalate) println(io.stdout, `escalates: ${planned.escalate}`);
      for (const i of issues) println(io.stdout, `invalid: ${i.code} ${i.stepId ?? ''} ${i.message}`);
      println(
        io.stdout,
        wouldWait
          ? 'would wait for a human before running'
          : plan.ask
            ? 'would ask the customer'
            : 'would run',
      );
      return EXIT.completed;
    },
  );
}

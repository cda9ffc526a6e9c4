import type { Change, JournalEvent, NewEvent } from '../../store/store.js';
import { STEP_EVENTS } from '../sse.js';

/** Executor events a conversation's watcher sees as live progress. */
export const PROGRESS: ReadonlySet<string> = new Set([
  'workflow.started',
  ...STEP_EVENTS,
  'escalation.opened',
]);

export interface ProgressItem {
  workflowId: string;
  type: string;
  stepId: string | null;
}

/**
 * The progress of one conversation's workflows, wherever they run: this instance's events as they
 * happen, and, on a shared store, the journal of a workflow another instance runs, read when its
 * change is announced. Each event is shown once: the journal holds the very events this instance
 * emitted, so an event seen both ways (ours, announced to every instance) is recognised.
 */
export function conversationProgress(
  conversationId: string,
  journal: (workflowId: string) => Promise<JournalEvent[]>,
  show: (item: ProgressItem) => void,
) {
  const ours = new Set<string>();
  const shown = new Set<string>();
  const read = new Map<string, number>();
  const once = (event: NewEvent) => {
    if (!PROGRESS.has(event.type)) return;
    const key = JSON.stringify([event.workflowId, event.type, event.stepId, event.at, event.data]);
    if (shown.has(key)) return;
    shown.add(key);
    show({ workflowId: event.workflowId, type: event.type, stepId: event.stepId });
  };
  const catchUp = async (workflowId: string) => {
    for (const event of await journal(workflowId)) {
      if (event.seq <= (read.get(workflowId) ?? 0)) continue;
      read.set(workflowId, event.seq);
      once(event);
    }
  };
  return {
    /** An event of this instance; true when it concerns the conversation. */
    local(event: NewEvent): boolean {
      if (event.type === 'workflow.started' && event.data?.conversationId === conversationId)
        ours.add(event.workflowId);
      if (!ours.has(event.workflowId)) return false;
      once(event);
      return true;
    },
    /** A change of any instance; resolves to true when it concerns the conversation. */
    async remote(change: Change): Promise<boolean> {
      if (change.kind === 'reset') {
        for (const workflowId of ours) await catchUp(workflowId);
        return true;
      }
      if (change.conversationId !== conversationId) return false;
      if (change.kind === 'journal') {
        ours.add(change.workflowId);
        await catchUp(change.workflowId);
      }
      return true;
    },
  };
}

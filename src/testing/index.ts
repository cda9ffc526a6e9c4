// keel/testing: test doubles shipped as product, for users' own suites.

export { recordConversation } from '../replay/recorder.js';
export type { ReplayOptions, ReplayReport } from '../replay/replay.js';
export { loadCassette, replayConversation } from '../replay/replay.js';
export { seededRandom, sequentialIds } from './ids.js';
export type { CompletionOptions } from './scripted-model.js';
export { completionBody, ScriptedModel, UnexpectedModelCallError } from './scripted-model.js';
export { ScriptedPlanner, UnexpectedPlannerCallError } from './scripted-planner.js';
export { VirtualTime } from './virtual-time.js';

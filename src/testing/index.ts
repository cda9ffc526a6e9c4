/**
 * `keel/testing`: test doubles shipped as product, for users' own suites (scripted model and
 * planner, virtual time, cassette replay). It may import the engine and `src/replay`; product code
 * never imports it, and only it (and replay) loads msw, on demand.
 */
export { seededRandom, sequentialIds } from '../replay/ids.js';
export { recordConversation } from '../replay/recorder.js';
export type { ReplayOptions, ReplayReport } from '../replay/replay.js';
export { loadCassette, replayConversation } from '../replay/replay.js';
export { VirtualTime } from '../replay/virtual-time.js';
export type { CompletionOptions } from './scripted-model.js';
export { completionBody, ScriptedModel, UnexpectedModelCallError } from './scripted-model.js';
export { ScriptedPlanner, UnexpectedPlannerCallError } from './scripted-planner.js';

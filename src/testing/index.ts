// keel/testing: test doubles shipped as product, for users' own suites.
export { seededRandom, sequentialIds } from './ids.js';
export { ScriptedPlanner, UnexpectedPlannerCallError } from './scripted-planner.js';
export { VirtualTime } from './virtual-time.js';

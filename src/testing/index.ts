// keel/testing: test doubles shipped as product, for users' own suites.
export { seededRandom, sequentialIds } from './ids.js';
export { VirtualTime } from './virtual-time.js';

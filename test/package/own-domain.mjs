// Proof that the engine is domain-free, as a user gets keel: the tarball installed in a temporary
// plain JavaScript ESM project (see project.mjs), a second domain defined there in JavaScript
// (test/package/library: a library's loans), and conversations run through `createAgent` with the
// `ScriptedPlanner` of `keel/testing` and a SQLite file. The project's script prints one `ok`/`FAIL`
// line per check, passed through here. Run by `npm run test:package` (and .ci/run), not `npm test`.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { check, installPackedKeel, repo, runInProject } from './project.mjs';

const files = ['library-domain.js', 'renew-conversation.js'];
const { project } = installPackedKeel('keel-own-domain-');
console.log(`keel packed and unpacked into ${project}`);
for (const file of files) copyFileSync(join(repo, 'test/package/library', file), join(project, file));

let output;
let crash;
try {
  output = runInProject(project, 'renew-conversation.js');
} catch (error) {
  // A failed check exits 1 with its lines on stdout; anything else (an import that does not
  // resolve from node_modules, a crash) printed no check at all.
  output = error.stdout ?? '';
  crash = error;
}
process.stdout.write(output);
const failures = output.split('\n').filter((line) => line.startsWith('FAIL ')).length;
if (crash && failures === 0)
  await check('the library domain runs from the installed package', () => Promise.reject(crash));

rmSync(project, { recursive: true, force: true });
const ok = !crash && failures === 0;
console.log(ok ? 'own domain: all checks passed' : 'own domain: checks failed');
process.exitCode = ok ? 0 : 1;

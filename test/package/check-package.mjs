// Checks keel as its users get it: `npm pack`, the tarball unpacked into a temporary plain
// JavaScript ESM project, and its entry points run from node_modules by plain Node (no tsx).
// Only keel's own `dependencies` are linked in (to this checkout's installed copies, so nothing is
// downloaded or compiled again): msw and tsx are absent, so any run-time need for them fails here.
// Run by `npm run check:package` (part of `npm run check`), not by `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackedKeel, manifest, repo, check as report, runInProject as runFile } from './project.mjs';

let failures = 0;
const check = async (name, fn) => {
  if (!(await report(name, fn))) failures += 1;
};

/** Runs a module's text in the project, as its own ESM file, and returns what it printed. */
function runInProject(name, source, env = {}) {
  writeFileSync(join(project, name), source);
  return runFile(project, name, env);
}

/** `keel serve` from node_modules, until `/healthz` answers 200; then SIGTERM. */
async function serveAnswersHealth() {
  const bin = join(modules, 'keel', manifest.bin.keel);
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', join(project, 'keel.db')], {
    cwd: project,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KEEL_SECRET: 'package-check',
      KEEL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const deadline = Date.now() + 20_000;
    let base;
    while (!base) {
      base = output.match(/keel listening on (http:\/\/[\d.]+:\d+)/)?.[1];
      if (!base && (Date.now() > deadline || child.exitCode !== null))
        throw new Error(`keel serve did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const health = await fetch(`${base}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
    // The console and the widget are built into the package and served from it.
    for (const [path, type] of [
      ['/console', 'text/html'],
      ['/widget.js', 'javascript'],
      ['/widget.css', 'text/css'],
    ]) {
      const page = await fetch(`${base}${path}`);
      if (page.status !== 200 || !page.headers.get('content-type')?.includes(type))
        throw new Error(`${path} answered ${page.status} ${page.headers.get('content-type')}`);
      if (!page.headers.get('content-security-policy')?.includes("script-src 'self'"))
        throw new Error(`${path} has no Content-Security-Policy`);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const { project, modules, link } = installPackedKeel();
console.log(`keel packed and unpacked into ${project}`);

await check('the main entry loads with no test library and no TypeScript loader', () => {
  const out = runInProject(
    'main.mjs',
    `import * as keel from 'keel';
     for (const name of ['createAgent', 'openKeel', 'openRetailKeel', 'defineTool', 'ToolRegistry', 'SqliteStore', 'Executor'])
       if (typeof keel[name] !== 'function') throw new Error('keel.' + name + ' is missing');
     const app = keel.openRetailKeel({ dbPath: ':memory:', env: {} });
     const order = await app.shop.getOrder('C-1001', 'ORD-1001');
     await app.close();
     console.log(order ? 'seed ok' : 'seed missing');`,
  );
  if (!out.includes('seed ok')) throw new Error(`the shop seed was not found from node_modules: ${out}`);
});

const cassette = join(repo, 'fixtures/conversations/v1-llm-return-completes.json');

await check('keel/testing loads from node_modules, and replay explains that it needs msw', () => {
  const out = runInProject(
    'testing.mjs',
    `import { replayConversation, ScriptedPlanner, VirtualTime } from 'keel/testing';
     if (typeof ScriptedPlanner !== 'function' || typeof VirtualTime !== 'function') throw new Error('missing');
     try {
       await replayConversation(${JSON.stringify(cassette)});
       console.log('replayed without msw?');
     } catch (error) {
       console.log(error.code, error.message);
     }`,
  );
  if (!/CONFIG_INVALID .*msw/.test(out)) throw new Error(`expected a CONFIG_INVALID naming msw, got: ${out}`);
});

await check('`keel --help` runs the compiled CLI', () => {
  const out = execFileSync(process.execPath, [join(modules, 'keel', manifest.bin.keel), '--help'], {
    cwd: project,
    encoding: 'utf8',
  });
  if (!out.includes('keel serve')) throw new Error(`unexpected help: ${out}`);
});

await check('`keel serve` starts, /healthz answers, /console and /widget.js are served', serveAnswersHealth);

await check('with msw installed, keel/testing replays a recorded conversation with no drift', () => {
  link('msw');
  const out = runInProject(
    'replay.mjs',
    `import { replayConversation } from 'keel/testing';
     const report = await replayConversation(${JSON.stringify(cassette)});
     console.log(JSON.stringify(report.turns.flatMap((t) => t.drifts)));`,
  );
  if (out.trim() !== '[]') throw new Error(`drift: ${out}`);
});

rmSync(project, { recursive: true, force: true });
console.log(failures === 0 ? 'package: all checks passed' : `package: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;

// A temporary plain JavaScript ESM project with keel installed from its own tarball: `npm pack`
// (which builds dist/ through `prepare`), the tarball unpacked as node_modules/keel, and only
// keel's `dependencies` linked in, to this checkout's installed copies, so nothing is downloaded
// or compiled again (better-sqlite3's native module included). Used by the package scripts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

/** Prints `ok` or `FAIL` for one check (the lines `.ci/run` counts); returns whether it passed. */
export function check(name, fn) {
  return Promise.resolve()
    .then(fn)
    .then(
      () => {
        console.log(`ok   ${name}`);
        return true;
      },
      (error) => {
        console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).replaceAll('\n', '\n     ')}`);
        return false;
      },
    );
}

/** Packs keel and installs the tarball into a new temporary project; returns its paths. */
export function installPackedKeel(prefix = 'keel-package-') {
  const project = mkdtempSync(join(tmpdir(), prefix));
  const modules = join(project, 'node_modules');
  const link = (name) => {
    const path = join(modules, name);
    mkdirSync(join(path, '..'), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), path, 'dir');
  };
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = join(project, packed.trim().split('\n').at(-1));
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', tarball, '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'keel'));
  for (const name of Object.keys(manifest.dependencies)) link(name);
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "uses-keel", "private": true, "type": "module" }\n',
  );
  return { project, modules, link };
}

/** Runs a file of the project with plain Node (no TypeScript loader) and returns what it printed. */
export function runInProject(project, file, env = {}) {
  return execFileSync(process.execPath, [join(project, file)], {
    cwd: project,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
  });
}

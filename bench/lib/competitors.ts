// The uploaders ik-uploader is measured against (Uppy, FilePond, Uploadcare, Dropzone) are not
// dependencies of the repository: bench/package.json and bench/package-lock.json pin them, and
// they are installed into bench/node_modules the first time `npm run bench` (or the screenshots
// beside Uppy's Dashboard) needs them. Code under bench/ resolves them from there as usual.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const benchDir = resolve(import.meta.dirname, '..');
const modules = join(benchDir, 'node_modules');

interface Lock {
  packages: Record<string, { version?: string }>;
}

/** The competitors bench/package-lock.json pins that bench/node_modules lacks or holds at another version. */
export function missingCompetitors(): string[] {
  const manifest = JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(benchDir, 'package-lock.json'), 'utf8')) as Lock;
  return Object.keys(manifest.dependencies).filter((name) => {
    const installed = join(modules, name, 'package.json');
    if (!existsSync(installed)) return true;
    const { version } = JSON.parse(readFileSync(installed, 'utf8')) as { version: string };
    return version !== lock.packages[`node_modules/${name}`]?.version;
  });
}

/**
 * Installs the competitors exactly as bench/package-lock.json pins them (`npm ci` in bench/) when
 * any is missing or stale, and returns bench/node_modules. Some of Uppy 6's own dependencies
 * declare Node 22 (EBADENGINE on Node 20): here they are bundled for the browser, never run by
 * Node, so those warnings are counted in one line; anything else npm says is passed on.
 */
export function ensureCompetitors(log: (s: string) => void = (s) => process.stderr.write(`  ${s}\n`)): string {
  const missing = missingCompetitors();
  if (missing.length) {
    log(`installing the competitors into bench/node_modules (${missing.join(', ')})…`);
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: benchDir, encoding: 'utf8' });
    const lines = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
    if (result.status !== 0) throw new Error(`npm ci in bench/ failed (${result.status}):\n${lines.join('\n')}`);
    const engine = lines.filter((l) => l.includes('EBADENGINE'));
    const packages = engine.map((l) => /package: '([^']+)'/.exec(l)?.[1]).filter(Boolean);
    for (const l of lines) if (!l.includes('EBADENGINE')) log(l);
    if (packages.length) log(`(npm's EBADENGINE for ${packages.join(', ')}: they want Node 22 and run only in the browser here)`);
    const still = missingCompetitors();
    if (still.length) throw new Error(`npm ci in bench/ did not install ${still.join(', ')}`);
  }
  return modules;
}

/** Where an installed competitor's package lives, e.g. `competitorDir('@uppy/dashboard')` (after ensureCompetitors). */
export function competitorDir(name: string): string {
  return join(modules, name);
}

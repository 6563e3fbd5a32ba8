import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../infra/logger.ts';

/** The browser app's folder (its own package, built by Vite) and what the build writes. */
export const webRoot = path.resolve(import.meta.dirname, '../../web');
export const webDist = path.join(webRoot, 'dist');
/** Written by a build: the hash of the sources it was built from, so a start can tell a stale build. */
const stampFile = path.join(webDist, '.source-hash');

const sourceEntries = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];
const skipped = /\.test\.tsx?$/;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => !skipped.test(file));
}

/** The sources' hash (paths and contents), or null where there are no sources (an image that ships only dist/). */
export function webSourceHash(root: string = webRoot): string | null {
  const files = sourceEntries.flatMap((entry) => filesUnder(path.join(root, entry))).sort();
  if (!files.some((file) => file.includes(`${path.sep}src${path.sep}`))) return null;
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export type WebBuildState = 'fresh' | 'stale' | 'missing';

export function webBuildState(root: string = webRoot): WebBuildState {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) return 'missing';
  const sources = webSourceHash(root);
  if (sources === null) return 'fresh';
  const stamp = path.join(dist, '.source-hash');
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === sources ? 'fresh' : 'stale';
}

function viteBin(): string | null {
  try {
    const vitePackage = createRequire(path.join(webRoot, 'package.json')).resolve('vite/package.json');
    return path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

/**
 * Builds the app when its build is missing or older than its sources (the `prepare` step of `npm ci`,
 * and `serve` at start, so a contributor's `npm start` never serves an old app). Without Vite installed
 * (a production install without dev packages) it says so and serves whatever dist/ holds.
 */
export function ensureWebBuild(log: Pick<Logger, 'info' | 'warn'>): WebBuildState {
  const state = webBuildState();
  if (state === 'fresh') return state;
  const vite = viteBin();
  if (!vite) {
    log.warn({ state }, `the web app's build is ${state} and Vite is not installed (npm ci installs it): ${state === 'missing' ? 'only the API is served' : 'serving the old build'}`);
    return state;
  }
  log.info({ state }, `building the web app (its build is ${state}); this takes a few seconds`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: webRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    log.warn({ status: result.status }, 'the web app did not build; see the output above. The API is served regardless');
    return webBuildState();
  }
  const hash = webSourceHash();
  if (hash) fs.writeFileSync(stampFile, `${hash}\n`);
  log.info({ ms: Math.round(performance.now() - started) }, 'web app built');
  return 'fresh';
}

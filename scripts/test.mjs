#!/usr/bin/env node
// `npm test`: makes sure what the tests need is there (PostgreSQL, Redis, Chromium), starts or
// installs it where this machine allows, says exactly what is missing otherwise, prepares a migrated
// template database, then runs every test file with node's test runner: longest first (by
// scripts/test-times.json), the browser end-to-end files in a lane of their own (see lanes()).
//
//   npm test                      all tests: the web app's unit tests (Vitest), then every node test file
//   npm test -- test/http         only node test files under these paths
//   npm test -- web               only the web app's unit tests
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pgAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isRoot = process.getuid?.() === 0;

function log(message) {
  console.log(`[test] ${message}`);
}

function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return result.status === 0;
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function ensurePostgres() {
  const url = new URL(pgAdminUrl);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (await portOpen(host, port)) return null;
  if (isRoot && fs.existsSync('/etc/postgresql') && hasCommand('pg_ctlcluster')) {
    const version = fs.readdirSync('/etc/postgresql')[0];
    log(`PostgreSQL is down; starting cluster ${version}/main`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    if (await waitForPort(host, port, 30)) return null;
  }
  return `PostgreSQL 15 is not reachable at ${host}:${port}. Install it (apt-get install -y postgresql) and start it, or set TEST_DATABASE_URL to a server where user postgres may create databases.`;
}

async function ensureRedis() {
  const url = new URL(redisUrl);
  const host = url.hostname;
  const port = Number(url.port || 6379);
  if (await portOpen(host, port)) return null;
  if (hasCommand('redis-server')) {
    log('Redis is down; starting redis-server');
    run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no']);
    if (await waitForPort(host, port, 15)) return null;
  }
  return `Redis 7 is not reachable at ${host}:${port}. Install it (apt-get install -y redis-server) and start it, or set TEST_REDIS_URL.`;
}

function ensureChromium() {
  if (fs.existsSync(chromiumPath)) return null;
  if (isRoot && hasCommand('apt-get')) {
    log("Chromium is missing; installing Debian's chromium (apt-get install -y chromium)");
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (fs.existsSync(chromiumPath)) return null;
  }
  return `Chromium is not at ${chromiumPath}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`;
}

// Databases of this run carry its pid, so runs side by side (two developers' shells, an editor's
// runner) never drop each other's, and leftovers of a dead run are recognisable.
const runId = String(process.pid);
const templateName = `kaspi_tpl_${runId}`;
const psql = (sql) => execFileSync('psql', [pgAdminUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { stdio: ['ignore', 'pipe', 'inherit'] }).toString();

function templateUrl() {
  const url = new URL(pgAdminUrl);
  url.pathname = `/${templateName}`;
  return url.toString();
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Drops the databases of runs whose process is gone (interrupted runs). */
function dropStaleDatabases() {
  const names = psql("select datname from pg_database where datname ~ '^kaspi_(tpl_|t)[0-9]+'").split('\n').filter(Boolean);
  for (const name of names) {
    const pid = Number(/^kaspi_(?:tpl_|t)(\d+)/.exec(name)[1]);
    if (!processAlive(pid)) psql(`drop database if exists "${name}" with (force)`);
  }
}

/** A freshly migrated template; each test file clones its own database from it (CREATE DATABASE ... TEMPLATE). */
function prepareTemplate() {
  dropStaleDatabases();
  psql(`create database "${templateName}"`);
  const ok = run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: templateUrl(), SECRET_KEY: 'template-only-secret-key-0123456789abcdef', LOG_LEVEL: 'warn' },
    cwd: root,
  });
  if (!ok) throw new Error('Migrating the template database failed');
}

function findTests(targets) {
  const files = [];
  const walk = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (entry !== 'node_modules') walk(path.join(p, entry));
    } else if (/\.test\.ts$/.test(p)) files.push(p);
  };
  for (const target of targets) walk(path.resolve(root, target));
  return files;
}

// How long each file took in a full run (scripts/test-times.json, refreshed with TEST_TIMES_UPDATE=1).
const timesFile = path.join(root, 'scripts/test-times.json');
const outputDir = path.join(root, 'test-output');

function readTimes(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Longest files first. The runner starts files in the order given, `TEST_CONCURRENCY` at a time; in
 * name order the end-to-end files (test/web/, the longest) came last, so the run ended on one or two of
 * them with the other slots idle. Started first, they run beside the short files, which then fill the
 * gaps. A file not timed yet counts as the median.
 */
function longestFirst(files) {
  const times = readTimes(timesFile);
  const known = Object.values(times).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 0;
  const timeOf = (file) => times[path.relative(root, file)] ?? median;
  return [...files].sort((a, b) => timeOf(b) - timeOf(a) || a.localeCompare(b));
}

/** The slowest files of this run, for the log; with TEST_TIMES_UPDATE=1 they become the new schedule. */
function reportTimes(files) {
  const times = Object.assign({}, ...files.map(readTimes));
  fs.writeFileSync(path.join(outputDir, 'test-times.json'), `${JSON.stringify(times, null, 2)}\n`);
  const entries = Object.entries(times).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return;
  const total = entries.reduce((sum, [, s]) => sum + s, 0);
  log(
    `file time ${Math.round(total)} s over ${entries.length} files; slowest: ${entries
      .slice(0, 8)
      .map(([f, s]) => `${f} ${s} s`)
      .join(', ')}`,
  );
  if (process.env.TEST_TIMES_UPDATE === '1') {
    const merged = Object.fromEntries(Object.entries({ ...readTimes(timesFile), ...times }).sort((a, b) => a[0].localeCompare(b[0])));
    fs.writeFileSync(timesFile, `${JSON.stringify(merged, null, 2)}\n`);
    log(`wrote ${path.relative(root, timesFile)}`);
  }
}

/** The end-to-end tests drive the built app: build it once here, not in each (parallel) test file. */
function prepareWebApp() {
  const ok = run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-web.ts')], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (!ok) throw new Error('Building the web app failed');
}

/** The web app's own unit tests (formatting, strings, forms), with its own runner. */
function runWebUnitTests() {
  log('web app unit tests (Vitest)');
  return run('npm', ['test', '--workspace', 'web', '--silent'], { cwd: root });
}

async function main() {
  const allTargets = process.argv.slice(2);
  const webOnly = (t) => t === 'web' || t.startsWith('web/');
  const wantsWebUnits = allTargets.length === 0 || allTargets.some(webOnly);
  const targets = allTargets.filter((t) => !webOnly(t));
  if (wantsWebUnits && !runWebUnitTests()) process.exitCode = 1;
  if (allTargets.length && !targets.length) process.exit(process.exitCode ?? 0);
  const missing = [await ensurePostgres(), await ensureRedis(), ensureChromium()].filter(Boolean);
  if (missing.length) {
    console.error('\nThe tests need these and could not start or install them:\n');
    for (const m of missing) console.error(`  - ${m}`);
    console.error('');
    process.exit(1);
  }
  prepareTemplate();
  prepareWebApp();
  const files = longestFirst(findTests(targets.length ? targets : ['test']));
  if (!files.length) {
    console.error('No test files found.');
    process.exit(1);
  }
  const [e2eFiles, otherFiles] = lanes(files);
  log(
    `running ${files.length} test files, longest first: ${otherFiles.length} at ${concurrency} at a time, beside them the ${e2eFiles.length} browser end-to-end files at ${e2eConcurrency} at a time`,
  );
  fs.mkdirSync(outputDir, { recursive: true });
  const e2eLog = path.join(outputDir, 'e2e-lane.log');
  const runs = [
    runLane('main', otherFiles, concurrency, 'inherit'),
    // Its report is held in a file and printed whole at the end, so the two lanes' lines do not mix.
    runLane('e2e', e2eFiles, e2eConcurrency, e2eLog),
  ].filter(Boolean);
  const children = runs.map((r) => r.child);
  // Each test file has its own watchdog (test/helpers/setup.ts); this one covers the runner itself and
  // files stuck where no timer can fire (a busy loop). It names what is still running, then stops it.
  const runTimeoutMs = Number(process.env.TEST_RUN_TIMEOUT_MS ?? 1_500_000);
  const stopTree = (signal) => {
    for (const child of children) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  const watchdog = setTimeout(() => {
    console.error(`\n[test] the run has taken more than ${runTimeoutMs / 60_000} min; still running:`);
    for (const child of children) spawnSync('ps', ['-o', 'pid,etime,args', '--ppid', String(child.pid)], { stdio: 'inherit' });
    stopTree('SIGKILL');
    process.exitCode = 1;
  }, runTimeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopTree(signal));
  const codes = await Promise.all(runs.map((r) => r.exited));
  clearTimeout(watchdog);
  if (fs.existsSync(e2eLog)) {
    log('the browser end-to-end files:');
    process.stdout.write(fs.readFileSync(e2eLog));
  }
  reportTimes(runs.map((r) => r.timesFile));
  try {
    const own = psql(`select datname from pg_database where datname like 'kaspi_t${runId}\\_%' or datname = '${templateName}'`).split('\n').filter(Boolean);
    for (const name of own) psql(`drop database if exists "${name}" with (force)`);
  } catch {
    // Cleanup is best effort; the next run drops what is left.
  }
  process.exit(process.exitCode || codes.find((c) => c !== 0) || 0);
}

const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
const e2eConcurrency = Number(process.env.TEST_E2E_CONCURRENCY ?? 1);

/**
 * Two lanes. The browser end-to-end files (test/web/ files that start the app and a Chromium) are the
 * longest and the heaviest: in one queue, two of them often ran at once (two Chromiums, two APIs, two
 * simulators on CI's two cores), which is where their timeouts were missed. In a lane of their own, one
 * at a time (TEST_E2E_CONCURRENCY), they run beside the other files (TEST_CONCURRENCY at a time), most of
 * which wait on timers, sockets and the simulator rather than on the CPU. TEST_E2E_CONCURRENCY=0 puts
 * them back in the one queue.
 */
function lanes(files) {
  if (!(e2eConcurrency > 0)) return [[], files];
  const isE2e = (file) => path.relative(root, file).startsWith('test/web/') && /startWeb(App|Shop)\(/.test(fs.readFileSync(file, 'utf8'));
  return [files.filter(isE2e), files.filter((f) => !isE2e(f))];
}

/** One node --test process for `files`; its report to our stdout or to a file. */
function runLane(name, files, laneConcurrency, output) {
  if (!files.length) return undefined;
  const timesFile = path.join(outputDir, `test-times-${name}.json`);
  fs.rmSync(timesFile, { force: true });
  const toFile = output !== 'inherit';
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './test/helpers/setup.ts',
      '--test',
      '--test-reporter=spec',
      `--test-reporter-destination=${toFile ? output : 'stdout'}`,
      '--test-reporter=./scripts/test-times-reporter.mjs',
      `--test-reporter-destination=${timesFile}`,
      `--test-concurrency=${laneConcurrency}`,
      ...files,
    ],
    {
      cwd: root,
      // A file's own output (console.log, a crash) still reaches the log at once.
      stdio: ['ignore', 'inherit', 'inherit'],
      // Its own process group, so a stuck run can be stopped with everything it started.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        TEST_DATABASE_URL: pgAdminUrl,
        TEST_TEMPLATE_DATABASE: templateName,
        TEST_DATABASE_PREFIX: `kaspi_t${runId}_`,
        TEST_REDIS_URL: redisUrl,
        CHROMIUM_PATH: chromiumPath,
      },
    },
  );
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited, timesFile };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

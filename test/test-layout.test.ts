// The test tree mirrors the code: a test of src/a/b/c.ts sits in test/a/b/, a test of sim/x/y.ts in
// test/sim/x/; shared setup lives in test/helpers/ and nowhere else. This keeps that true.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from './helpers/process.ts';

const testRoot = path.join(projectRoot, 'test');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [path.relative(testRoot, full)];
  });
}

/**
 * The code folder a test folder stands for: test/sim/... for sim/..., test/web/... for the web app (web/...,
 * driven end to end in Chromium; its unit tests sit beside its code), everything else for src/...
 */
function codeFolderOf(testFolder: string): string {
  const parts = testFolder === '' ? [] : testFolder.split(path.sep);
  return parts[0] === 'sim' || parts[0] === 'web' ? path.join(projectRoot, ...parts) : path.join(projectRoot, 'src', ...parts);
}

const isHelper = (file: string) => file.split(path.sep)[0] === 'helpers';

test('every test file sits in a folder that has a counterpart in src/, sim/ or web/', () => {
  const misplaced = filesUnder(testRoot)
    .filter((file) => file.endsWith('.test.ts') && !isHelper(file))
    .filter((file) => !fs.existsSync(codeFolderOf(path.dirname(file) === '.' ? '' : path.dirname(file))))
    .map((file) => `test/${file}`);
  assert.deepEqual(misplaced, [], 'move these next to the code they test (test/a/b/ for src/a/b/, test/sim/x/ for sim/x/)');
});

test('shared test code lives in test/helpers/ only, and no test file hides there', () => {
  const files = filesUnder(testRoot);
  const strayHelpers = files.filter((file) => !file.endsWith('.test.ts') && !isHelper(file)).map((file) => `test/${file}`);
  assert.deepEqual(strayHelpers, [], 'non-test files belong in test/helpers/');
  const testsInHelpers = files.filter((file) => file.endsWith('.test.ts') && isHelper(file)).map((file) => `test/${file}`);
  assert.deepEqual(testsInHelpers, [], 'test files belong next to the code they test, not in test/helpers/');
});

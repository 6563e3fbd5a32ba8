import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { webBuildState, webSourceHash } from '../../src/http/web-build.ts';

function fakeWebFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'web-build-'));
  fs.mkdirSync(path.join(root, 'src/pages'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/main.tsx'), 'export {};\n');
  fs.writeFileSync(path.join(root, 'src/pages/a.tsx'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(root, 'index.html'), '<div id="root"></div>\n');
  return root;
}

function build(root: string): void {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/index.html'), '<html></html>');
  fs.writeFileSync(path.join(root, 'dist/.source-hash'), `${webSourceHash(root)}\n`);
}

test('a build is missing, then fresh, then stale when a source changes, and fresh again after a rebuild', (t) => {
  const root = fakeWebFolder();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.equal(webBuildState(root), 'missing');
  build(root);
  assert.equal(webBuildState(root), 'fresh');
  fs.writeFileSync(path.join(root, 'src/pages/a.tsx'), 'export const a = 2;\n');
  assert.equal(webBuildState(root), 'stale');
  build(root);
  assert.equal(webBuildState(root), 'fresh');
  fs.writeFileSync(path.join(root, 'src/pages/b.tsx'), 'export const b = 1;\n');
  assert.equal(webBuildState(root), 'stale', 'a new file makes the build stale');
});

test('unit test files do not make a build stale; an image that ships only dist/ counts as fresh', (t) => {
  const root = fakeWebFolder();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  build(root);
  fs.writeFileSync(path.join(root, 'src/pages/a.test.ts'), 'test;\n');
  assert.equal(webBuildState(root), 'fresh');
  fs.rmSync(path.join(root, 'src'), { recursive: true });
  assert.equal(webBuildState(root), 'fresh');
});

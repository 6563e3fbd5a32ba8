// The web app talks to the API only through types generated from the service's own OpenAPI document
// (web/src/api/schema.d.ts). When a route changes and the file is not regenerated, this fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/process.ts';

test("the web app's API types match the service's OpenAPI document (npm run api:types)", () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/api-types.ts'), '--check'], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
});

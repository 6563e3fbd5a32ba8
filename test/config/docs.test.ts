import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { defaultText, renderEnvExample, withReadmeTable } from '../../src/config/docs.ts';
import { variables } from '../../src/config/sections.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const declared = new Map(variables.map(({ variable }) => [variable.name, variable]));
const regenerate = 'run `npm run config:docs` after changing src/config/';

describe('configuration docs', () => {
  test('.env.example is what the declarations write', () => {
    assert.equal(read('.env.example'), renderEnvExample(), regenerate);
  });

  test("the README's configuration table is what the declarations write", () => {
    const readme = read('README.md');
    assert.equal(readme, withReadmeTable(readme), regenerate);
  });

  test('every setting the README names exists', () => {
    // Settings of the test runner, the benchmarks, the simulator, the CLI and the web app's dev server are not configuration.
    const notConfig = /^(TEST|BENCH|SIM|FUZZ|DEV)_|^ADMIN_PASSWORD$/;
    const named = new Set(read('README.md').match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
    const unknown = [...named].filter((name) => !notConfig.test(name) && !declared.has(name));
    assert.deepEqual(unknown, [], 'README.md names settings that src/config/ does not declare');
  });

  test('defaults the README states in its prose are the declared ones', () => {
    const stated = read('README.md').matchAll(/`([A-Z][A-Z0-9_]+)`,? \(?default (\d+(?:\.\d+)?)\b/g);
    let checked = 0;
    for (const [, name, value] of stated) {
      const variable = declared.get(name!);
      if (!variable) continue; // not configuration (see above)
      assert.equal(value, defaultText(variable), `README.md says ${name} defaults to ${value}`);
      checked++;
    }
    assert.ok(checked > 0, 'the pattern still finds the README prose defaults');
  });
});

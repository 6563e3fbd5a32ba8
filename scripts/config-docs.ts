// `npm run config:docs`: writes .env.example and the README's configuration table from the
// declarations in src/config/. test/config/docs.test.ts fails when either is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { renderEnvExample, withReadmeTable } from '../src/config/docs.ts';

const root = path.resolve(import.meta.dirname, '..');
const envExample = path.join(root, '.env.example');
const readme = path.join(root, 'README.md');

fs.writeFileSync(envExample, renderEnvExample());
fs.writeFileSync(readme, withReadmeTable(fs.readFileSync(readme, 'utf8')));
console.log('wrote .env.example and the configuration table of README.md');

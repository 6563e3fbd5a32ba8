// `npm ci` runs this (`prepare`): builds the web app into web/dist when the build is missing or older than
// its sources; `serve` does the same at start. `--force` builds regardless.
import fs from 'node:fs';
import pino from 'pino';
import { ensureWebBuild, webDist } from '../src/http/web-build.ts';

const log = pino({ base: null, timestamp: false });

if (process.argv.includes('--force')) fs.rmSync(webDist, { recursive: true, force: true });
ensureWebBuild(log);

// A node:test reporter that writes how long each test file took, as JSON ({"test/x.test.ts": seconds}),
// for scripts/test.mjs to start the longest files first next time (see test-times.json).
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

// biome-ignore lint/style/noDefaultExport: node:test takes a reporter from its module's default export
export default async function* testTimes(source) {
  const times = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      const file = event.data.file ?? event.data.name;
      // A file's top-level tests and suites, added up (the time to load the file is not in them).
      if (!file?.endsWith('.test.ts')) continue;
      const key = path.relative(root, path.resolve(root, file));
      times[key] = (times[key] ?? 0) + event.data.details.duration_ms / 1000;
    }
  }
  const rounded = Object.fromEntries(Object.entries(times).map(([file, seconds]) => [file, Math.round(seconds * 10) / 10]));
  yield `${JSON.stringify(rounded, null, 2)}\n`;
}

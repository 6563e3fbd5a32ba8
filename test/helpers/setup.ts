// Preloaded into every test process (scripts/test.mjs). Node's assert builds the message of a failed
// `assert.ok(x)` without a message by re-parsing the test's source; on TypeScript run through tsx it
// can spin for minutes instead of failing. Failing fast matters more than the echoed expression.
import assert from 'node:assert';
import strict from 'node:assert/strict';

for (const target of [assert, strict] as const) {
  const original = target.ok;
  target.ok = ((value: unknown, message?: string | Error) => original(value, message ?? `expected a truthy value, got ${String(value)}`)) as typeof target.ok;
}

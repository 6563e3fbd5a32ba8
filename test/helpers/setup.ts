// Preloaded into every test process (scripts/test.mjs).
import assert from 'node:assert';
import strict from 'node:assert/strict';
import path from 'node:path';

// Node's assert builds the message of a failed `assert.ok(x)` without a message by re-parsing the
// test's source; on TypeScript run through tsx it can spin for minutes instead of failing. Failing
// fast matters more than the echoed expression.
for (const target of [assert, strict] as const) {
  const original = target.ok;
  target.ok = ((value: unknown, message?: string | Error) => original(value, message ?? `expected a truthy value, got ${String(value)}`)) as typeof target.ok;
}

// Node's test runner has no default timeout, and it waits for a test file's process to exit: a promise
// that never settles, or a handle left open after the last test (a socket, a child process, a timer),
// would hold the whole run until CI kills it with nothing said. This timer does not keep the process
// alive itself; if it fires, the file is stuck, so say what is still open and fail the file.
const fileTimeoutMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 480_000);
const testFile = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'unknown test file';
setTimeout(() => {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().map(describeHandle);
  process.stderr.write(
    `\n[test] ${testFile} still running after ${fileTimeoutMs / 1000} s: a test or hook never finished, or something it opened was never closed.\n` +
      `[test] open handles: ${handles.join(', ') || 'none'}\n`,
  );
  process.exit(1);
}, fileTimeoutMs).unref();

function describeHandle(handle: object): string {
  const name = handle.constructor?.name ?? 'handle';
  const h = handle as { remoteAddress?: string; remotePort?: number; localPort?: number; pid?: number; spawnfile?: string; address?: () => unknown };
  if (h.pid) return `${name}(pid ${h.pid} ${h.spawnfile ?? ''})`;
  if (h.remotePort) return `${name}(${h.remoteAddress}:${h.remotePort})`;
  if (typeof h.address === 'function') {
    try {
      return `${name}(${JSON.stringify(h.address())})`;
    } catch {
      return name;
    }
  }
  return name;
}

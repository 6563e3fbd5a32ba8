/**
 * Settles with `promise`, or rejects with `message` (default "timed out after N ms") once `ms` have
 * passed. The work itself is not cancelled: callers that race a step must also stop what it holds.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message?: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message ?? `timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A number of seconds in the largest unit that keeps it readable: 45 s, 12 min, 3 h. */
export function durationUnit(seconds: number): { unit: 'seconds' | 'minutes' | 'hours'; count: number } {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return { unit: 'seconds', count: s };
  if (s < 2 * 3600) return { unit: 'minutes', count: Math.round(s / 60) };
  return { unit: 'hours', count: Math.round(s / 3600) };
}

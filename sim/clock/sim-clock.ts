/**
 * The simulator's notion of "now". Every time-dependent rule (rate windows, bans, session expiry,
 * ingest delay, competitor behaviours) reads this clock and nothing else, so tests can freeze time
 * (manual mode) and play a 30-minute ban by advancing it, and demos can speed time up (scale).
 */
export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
}

export type ClockMode = 'real' | 'manual';

export interface ClockState {
  mode: ClockMode;
  scale: number;
  now: number;
  nowIso: string;
}

export class SimClock implements Clock {
  private mode: ClockMode;
  private scale: number;
  // now() = anchorSim + (realNow - anchorReal) * scale  (real mode), or anchorSim (manual mode).
  private anchorSim: number;
  private anchorReal: number;

  constructor(options: { mode?: ClockMode; scale?: number; start?: number; realNow?: () => number } = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.mode = options.mode ?? 'real';
    this.scale = options.scale ?? 1;
    this.anchorReal = this.realNow();
    this.anchorSim = options.start ?? this.anchorReal;
  }

  private readonly realNow: () => number;

  now(): number {
    if (this.mode === 'manual') return this.anchorSim;
    return this.anchorSim + Math.floor((this.realNow() - this.anchorReal) * this.scale);
  }

  /** Moves simulated time forward (works in both modes). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance needs a non-negative number of ms');
    this.reanchor();
    this.anchorSim += Math.floor(ms);
    return this.now();
  }

  /** Sets the speed of simulated time relative to real time (real mode only has an effect). */
  setScale(scale: number): void {
    if (!Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a positive number');
    this.reanchor();
    this.scale = scale;
  }

  setMode(mode: ClockMode): void {
    this.reanchor();
    this.mode = mode;
  }

  state(): ClockState {
    const now = this.now();
    return { mode: this.mode, scale: this.scale, now, nowIso: new Date(now).toISOString() };
  }

  // Freezes the elapsed part into the anchor so a mode/scale change does not make time jump.
  private reanchor(): void {
    this.anchorSim = this.now();
    this.anchorReal = this.realNow();
  }
}

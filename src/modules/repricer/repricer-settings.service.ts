import type { Static } from 'typebox';
import { rulesFor, validateRules } from '../../engine/rules.ts';
import { invalid } from '../../errors/domain-error.ts';
import type { DemperRails, StoreDemperSettingsRow, StoreRow } from '../../infra/db/schema.ts';
import type { LiveEvents } from '../events/index.ts';
import type { FeedService } from '../feed/index.ts';
import { effectiveRails, type ProductChecksService, railProperties, railsToRules } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import type { DemperSettingsChanges, RepricerSettingsRepository } from './repricer-settings.repository.ts';
import type { DemperSettings, DemperStatus, UpdateDemperSettingsBody } from './repricer-settings.schemas.ts';
import { egressOf, guaranteeStretchOf, longestWaitSeconds, type SchedulePlan } from './scheduler/schedule-plan.ts';
import { WORK_HOURS_TIMEZONE, withinWorkHours } from './work-hours.ts';

export type DemperSettingsView = Static<typeof DemperSettings>;
export type DemperStatusView = Static<typeof DemperStatus>;
type UpdateBody = Static<typeof UpdateDemperSettingsBody>;

/** A store that never saved its settings: the column defaults of store_demper_settings (schema.ts). */
export function defaultDemperSettings(storeId: string): Omit<StoreDemperSettingsRow, 'createdAt' | 'updatedAt'> {
  return {
    storeId,
    enabled: false,
    checkIntervalSeconds: 300,
    priorityIntervalSeconds: 60,
    workHoursStart: null,
    workHoursEnd: null,
    defaultStep: 1,
    defaultStrategy: 'beat_first',
    ignoredMerchantIds: [],
    rails: {},
    feedMode: 'off',
    approvalMode: 'auto',
    scheduler: 'adaptive',
    maxIntervalSeconds: 3600,
    pausedUntil: null,
    lastError: null,
    lastErrorAt: null,
  };
}

type SettingsLike = Omit<StoreDemperSettingsRow, 'createdAt' | 'updatedAt'> & { updatedAt?: Date };

export function toDemperSettingsView(row: SettingsLike): DemperSettingsView {
  return {
    store_id: row.storeId,
    enabled: row.enabled,
    check_interval_seconds: row.checkIntervalSeconds,
    priority_interval_seconds: row.priorityIntervalSeconds,
    work_hours_start: row.workHoursStart,
    work_hours_end: row.workHoursEnd,
    timezone: WORK_HOURS_TIMEZONE,
    default_step: row.defaultStep,
    default_strategy: row.defaultStrategy,
    ignored_merchant_ids: row.ignoredMerchantIds,
    rails: effectiveRails(row.rails),
    feed_mode: row.feedMode,
    approval_mode: row.approvalMode,
    scheduler: row.scheduler,
    max_interval_seconds: row.maxIntervalSeconds,
    paused_until: row.pausedUntil?.toISOString() ?? null,
    last_error: row.lastError,
    last_error_at: row.lastErrorAt?.toISOString() ?? null,
    updated_at: row.updatedAt?.toISOString() ?? null,
  };
}

/**
 * How the demper's changes reach Kaspi now: the XML feed when the store says `only`, or says
 * `fallback` while the pricefeed cannot be used (the session needs the user, there is none, or
 * Kaspi paused the account's writes); else the pricefeed call.
 */
export function publishesVia(settings: Pick<StoreDemperSettingsRow, 'feedMode' | 'pausedUntil'>, store: Pick<StoreRow, 'needsReauth' | 'sessionEncrypted'>, now = new Date()): 'pricefeed' | 'feed' {
  if (settings.feedMode === 'only') return 'feed';
  if (settings.feedMode === 'fallback' && (store.needsReauth || store.sessionEncrypted === null || (settings.pausedUntil !== null && settings.pausedUntil > now))) return 'feed';
  return 'pricefeed';
}

const railNames = new Set(Object.keys(railProperties));

/** The engine's messages start with the field they are about; name it under `rails.` when it is a rail. */
function railErrorFields(messages: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const message of messages) {
    const first = message.split(' ')[0] ?? '';
    const field = railNames.has(first) ? `rails.${first}` : 'rails';
    fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
  }
  return fields;
}

export interface DemperSettingsOptions {
  /** The shortest check or priority interval a store may set (config.demper.minIntervalSeconds). */
  minIntervalSeconds: number;
}

export class RepricerSettingsService {
  constructor(
    private readonly repo: RepricerSettingsRepository,
    private readonly stores: StoresService,
    private readonly productChecks: ProductChecksService,
    private readonly options: DemperSettingsOptions,
    private readonly events: LiveEvents,
    private readonly feed: Pick<FeedService, 'lastPull'>,
    private readonly plan: () => Promise<SchedulePlan | null>,
    /** Open proposals that no longer stand once the store leaves approval mode. */
    private readonly proposals?: { closeOpenOutsideApproval(storeId: string, detail: string): Promise<number> },
  ) {}

  async get(actor: Actor, storeId: string): Promise<DemperSettingsView> {
    const store = await this.stores.getOwned(actor, storeId);
    return toDemperSettingsView((await this.repo.find(store.id)) ?? defaultDemperSettings(store.id));
  }

  async update(actor: Actor, storeId: string, body: UpdateBody): Promise<DemperSettingsView> {
    const store = await this.stores.getOwned(actor, storeId);
    const current = (await this.repo.find(store.id)) ?? defaultDemperSettings(store.id);
    const errors: Record<string, string> = {};

    for (const field of ['check_interval_seconds', 'priority_interval_seconds', 'max_interval_seconds'] as const) {
      const value = body[field];
      if (value !== undefined && value < this.options.minIntervalSeconds) {
        errors[field] = `Must be at least ${this.options.minIntervalSeconds} seconds (the server's minimum).`;
      }
    }

    const workHoursStart = body.work_hours_start === undefined ? current.workHoursStart : body.work_hours_start;
    const workHoursEnd = body.work_hours_end === undefined ? current.workHoursEnd : body.work_hours_end;
    if ((workHoursStart === null) !== (workHoursEnd === null)) {
      const missing = workHoursStart === null ? 'work_hours_start' : 'work_hours_end';
      errors[missing] = 'Set both work hours, or neither (null and null: all day).';
    }

    if (body.rails !== undefined) {
      const merged: DemperRails = { ...current.rails, ...body.rails };
      Object.assign(errors, railErrorFields(validateRules(rulesFor(railsToRules(merged)))));
    }
    if (Object.keys(errors).length) throw invalid(errors);

    const ignored = body.ignored_merchant_ids && [...new Set(body.ignored_merchant_ids.map(String))];
    const changes: DemperSettingsChanges = {
      enabled: body.enabled,
      checkIntervalSeconds: body.check_interval_seconds,
      priorityIntervalSeconds: body.priority_interval_seconds,
      workHoursStart: body.work_hours_start,
      workHoursEnd: body.work_hours_end,
      defaultStep: body.default_step,
      defaultStrategy: body.default_strategy,
      ignoredMerchantIds: ignored,
      rails: body.rails,
      feedMode: body.feed_mode,
      approvalMode: body.approval_mode,
      scheduler: body.scheduler,
      maxIntervalSeconds: body.max_interval_seconds,
    };
    for (const key of Object.keys(changes) as (keyof DemperSettingsChanges)[]) if (changes[key] === undefined) delete changes[key];

    // Changes take effect promptly: enabling, another approval mode, or a shorter interval makes waiting products due now.
    const makeDue =
      (body.enabled === true && !current.enabled) ||
      (body.approval_mode !== undefined && body.approval_mode !== current.approvalMode) ||
      (body.check_interval_seconds !== undefined && body.check_interval_seconds < current.checkIntervalSeconds) ||
      (body.priority_interval_seconds !== undefined && body.priority_interval_seconds < current.priorityIntervalSeconds) ||
      (body.max_interval_seconds !== undefined && body.max_interval_seconds < current.maxIntervalSeconds) ||
      (body.scheduler !== undefined && body.scheduler !== current.scheduler);
    const saved = await this.repo.save(store.id, changes, makeDue ? (row, tx) => this.productChecks.makeStoreDue(store.id, row, tx) : undefined);
    if (current.approvalMode === 'approve' && body.approval_mode !== undefined && body.approval_mode !== 'approve') {
      await this.proposals?.closeOpenOutsideApproval(store.id, 'The shop left approval mode: the demper no longer waits for approval.');
    }
    // The shop's other open pages (another tab, a phone) show whether the demper is on.
    if (body.enabled !== undefined && body.enabled !== current.enabled) this.events.store(store.userId, { store_id: store.id, reason: 'demper' });
    return toDemperSettingsView(saved);
  }

  async status(actor: Actor, storeId: string, now = new Date()): Promise<DemperStatusView> {
    const store = await this.stores.getOwned(actor, storeId);
    const [row, counts, stats, pull, summary, plan] = await Promise.all([
      this.repo.find(store.id),
      this.productChecks.counts(store.id),
      this.repo.lastHourStats(store.id),
      this.feed.lastPull(store.id),
      this.productChecks.scheduleSummary(store.id),
      this.plan().catch(() => null),
    ]);
    const settings = row ?? defaultDemperSettings(store.id);
    const pausedUntil = settings.pausedUntil && settings.pausedUntil > now ? settings.pausedUntil : null;
    return {
      store_id: store.id,
      enabled: settings.enabled,
      needs_reauth: store.needsReauth,
      reauth_reason: store.reauthReason,
      products_enabled: counts.productsEnabled,
      products_repriceable: counts.productsRepriceable,
      products_due: counts.productsDue,
      longest_overdue_seconds: counts.longestOverdueSeconds,
      checks_last_hour: stats.checks,
      changes_last_hour: stats.changes,
      errors_last_hour: stats.errors,
      last_check_at: counts.lastCheckAt?.toISOString() ?? null,
      last_error: settings.lastError,
      last_error_at: settings.lastErrorAt?.toISOString() ?? null,
      paused_until: pausedUntil?.toISOString() ?? null,
      within_work_hours: withinWorkHours(settings.workHoursStart, settings.workHoursEnd, now),
      feed_mode: settings.feedMode,
      via: publishesVia(settings, store, now),
      feed_last_pulled_at: pull?.pulled_at ?? null,
      feed_last_pull_bytes: pull?.bytes ?? null,
      scheduler: schedulerStatus(settings.scheduler, summary, plan?.egress[egressOf(store)], counts.longestOverdueSeconds, plan?.at, settings.maxIntervalSeconds),
    };
  }
}

/**
 * The scheduler's side of the status: this store's planned reads against the budget it shares, and
 * that budget's demand (what every shop on it asks for) over its size: above 1, the guarantees
 * cannot all hold and products wait longer (priority first, then worth, keep theirs).
 */
function schedulerStatus(
  mode: 'adaptive' | 'uniform',
  summary: { plannedReadsPerSecond: number; productsInWar: number },
  egress: SchedulePlan['egress'][string] | undefined,
  longestOverdueSeconds: number,
  planAt: number | undefined,
  maxIntervalSeconds: number,
): DemperStatusView['scheduler'] {
  const budget = egress?.budgetReadsPerSecond ?? null;
  const stretch = guaranteeStretchOf(egress);
  return {
    mode,
    store_planned_reads_per_second: Math.round(summary.plannedReadsPerSecond * 100) / 100,
    products_in_war: summary.productsInWar,
    budget_reads_per_second: budget,
    planned_reads_per_second: egress?.plannedReadsPerSecond ?? null,
    demand_reads_per_second: egress?.demandReadsPerSecond ?? null,
    demand_over_budget: budget ? Math.round(((egress?.demandReadsPerSecond ?? 0) / budget) * 100) / 100 : null,
    overloaded: egress?.overloaded ?? false,
    guarantee_stretch: stretch,
    longest_wait_seconds: stretch === null || mode === 'uniform' ? null : Math.round(longestWaitSeconds(maxIntervalSeconds, false, stretch)),
    longest_overdue_seconds: longestOverdueSeconds,
    planned_at: planAt ? new Date(planAt).toISOString() : null,
  };
}

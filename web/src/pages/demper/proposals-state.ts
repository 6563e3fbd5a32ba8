import type { paths } from '../../api/schema.d.ts';

type ListPath = paths['/api/v1/kaspi/stores/{id}/demper/proposals/'];
export type Proposal = ListPath['get']['responses'][200]['content']['application/json']['results'][number];
export type ApproveAllAnswer = paths['/api/v1/kaspi/stores/{id}/demper/proposals/approve_all/']['post']['responses'][200]['content']['application/json'];

/** Proposals still waiting for the seller: what the list asks the API for. */
export const WAITING = 'open,approving';

/**
 * What the section shows: the proposals the seller acted on in this visit first (with their outcome),
 * then those still waiting, each once. An outcome replaces the waiting copy of the same proposal.
 */
export function visibleProposals(waiting: readonly Proposal[], decided: readonly Proposal[]): Proposal[] {
  const decidedIds = new Set(decided.map((p) => p.id));
  return [...decided, ...waiting.filter((p) => !decidedIds.has(p.id))];
}

/** Adds (or replaces) an outcome, newest first. */
export function withOutcome(decided: readonly Proposal[], outcome: Proposal): Proposal[] {
  return [outcome, ...decided.filter((p) => p.id !== outcome.id)];
}

export type Tone = 'waiting' | 'done' | 'refused' | 'failed';

export function outcomeTone(status: Proposal['status']): Tone {
  if (status === 'pushed') return 'done';
  if (status === 'failed') return 'failed';
  if (status === 'stale' || status === 'rejected') return 'refused';
  return 'waiting';
}

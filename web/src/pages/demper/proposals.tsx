import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { errorMessage } from '../../components/error-alert.tsx';
import { Money } from '../../components/money.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { notify } from '../../components/readable.ts';
import { When } from '../../components/when.tsx';
import { formatPrice } from '../../format/price.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { statusKey, useDemperSettings } from './demper-queries.ts';
import { type ApproveAllAnswer, outcomeTone, type Proposal, visibleProposals, WAITING, withOutcome } from './proposals-state.ts';
import { reasonKey } from './reasons.ts';

// Under ['stores', id, ...]: a `store` event of the shop refreshes the list with the rest of the page.
const proposalsKey = (storeId: string) => ['stores', storeId, 'demper', 'proposals'] as const;
const toneColor = { waiting: 'blue', done: 'green', refused: 'gray', failed: 'red' } as const;

function useWaitingProposals(storeId: string) {
  return useQuery({
    queryKey: proposalsKey(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/proposals/', { params: { path: { id: storeId }, query: { status: WAITING, page_size: 100 } } })),
    // The demper proposes on its own schedule and sends no event for it.
    refetchInterval: 15_000,
  });
}

function Outcome({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation('demper');
  const tone = outcomeTone(proposal.status);
  const why = proposal.status === 'stale' && proposal.stale_reason ? t(`proposals.stale.${proposal.stale_reason}`) : proposal.status === 'failed' ? proposal.detail : null;
  return (
    <Stack gap={2} align="flex-end" role="status">
      <Badge size="sm" variant="light" color={toneColor[tone]}>
        {t(`proposals.status.${proposal.status}`)}
      </Badge>
      {why && (
        <Text size="xs" c={tone === 'failed' ? 'red.8' : 'dimmed'} ta="right" maw={280}>
          {why}
        </Text>
      )}
    </Stack>
  );
}

function ProposalRow({ proposal, onDecided, busy }: { proposal: Proposal; onDecided: (p: Proposal) => void; busy: boolean }) {
  const { t } = useTranslation('demper');
  const { t: tc } = useTranslation();
  const language = useLanguage();
  const queryClient = useQueryClient();
  const path = { id: proposal.store_id, proposal_id: proposal.id };
  const settle = async (decided: Proposal) => {
    onDecided(decided);
    await queryClient.invalidateQueries({ queryKey: proposalsKey(proposal.store_id) });
    void queryClient.invalidateQueries({ queryKey: statusKey(proposal.store_id) });
  };
  // A refusal (stale, already decided) is an outcome to show, not an error: the proposal says why.
  const refusedOr = async (error: unknown) => {
    if (isApiError(error) && error.status === 409) {
      const now = await unwrap(api.GET('/api/v1/kaspi/stores/{id}/demper/proposals/{proposal_id}/', { params: { path } }));
      await settle(now);
      return;
    }
    notify(`${proposal.product_name}: ${errorMessage(error, tc)}`, tc('close'), 'red');
  };
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/kaspi/stores/{id}/demper/proposals/{proposal_id}/approve/', { params: { path } })),
    onSuccess: settle,
    onError: refusedOr,
  });
  const reject = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/kaspi/stores/{id}/demper/proposals/{proposal_id}/reject/', { params: { path } })),
    onSuccess: settle,
    onError: refusedOr,
  });
  const waiting = proposal.status === 'open';
  const pending = approve.isPending || reject.isPending;
  return (
    <li>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Anchor component={Link} to={`/products/${proposal.product_id}`} fw={600} lineClamp={2}>
            {proposal.product_name}
          </Anchor>
          {proposal.cities.map((c) => {
            const key = reasonKey(c.reason);
            return (
              <Group key={c.city_id} gap={6} wrap="wrap">
                <Text size="sm" fw={500}>
                  {c.city_name ?? c.city_id}:
                </Text>
                <VisuallyHidden>{t('feed.priceChange', { old: formatPrice(c.old_price, language), new: formatPrice(c.new_price, language) })}</VisuallyHidden>
                <Text size="sm" c="dimmed" td="line-through" aria-hidden>
                  <Money value={c.old_price} />
                </Text>
                <Text size="sm" aria-hidden>
                  →
                </Text>
                <Text size="sm" fw={700} aria-hidden>
                  <Money value={c.new_price} />
                </Text>
                <Text size="xs" c="dimmed">
                  {[
                    key ? t(`reasons.${key}`) : c.reason,
                    c.competitor_price !== null && t('proposals.competitor', { price: formatPrice(c.competitor_price, language) }),
                    c.expected_position !== null && t('proposals.expected', { place: c.expected_position }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Group>
            );
          })}
          <Text size="xs" c="dimmed">
            {t('proposals.proposedAt')}: <When at={proposal.created_at} />
          </Text>
        </Stack>
        {waiting ? (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              loading={reject.isPending}
              disabled={busy || pending}
              onClick={() => reject.mutate()}
              aria-label={t('proposals.rejectProduct', { product: proposal.product_name })}
            >
              {t('proposals.reject')}
            </Button>
            <Button size="xs" loading={approve.isPending} disabled={busy || pending} onClick={() => approve.mutate()} aria-label={t('proposals.approveProduct', { product: proposal.product_name })}>
              {t('proposals.approve')}
            </Button>
          </Group>
        ) : (
          <Outcome proposal={proposal} />
        )}
      </Group>
    </li>
  );
}

function ProposalList({ storeId, waiting }: { storeId: string; waiting: Proposal[] }) {
  const { t } = useTranslation('demper');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [decided, setDecided] = useState<Proposal[]>([]);
  const [summary, setSummary] = useState<ApproveAllAnswer | null>(null);
  const open = waiting.filter((p) => p.status === 'open' && !decided.some((d) => d.id === p.id));
  const approveAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/kaspi/stores/{id}/demper/proposals/approve_all/', { params: { path: { id: storeId } } })),
    onSuccess: async (answer) => {
      setSummary(answer);
      const outcomes = new Map(answer.results.map((r) => [r.id, r]));
      // Each one's outcome shows in its row, like a single approval.
      setDecided((current) =>
        waiting
          .filter((p) => outcomes.has(p.id) && outcomes.get(p.id)!.status !== 'open')
          .reduce((list, p) => withOutcome(list, { ...p, status: outcomes.get(p.id)!.status, detail: outcomes.get(p.id)!.detail }), current),
      );
      await queryClient.invalidateQueries({ queryKey: proposalsKey(storeId) });
      void queryClient.invalidateQueries({ queryKey: statusKey(storeId) });
    },
    onError: (error) => notify(errorMessage(error, tc), tc('close'), 'red'),
  });
  const shown = visibleProposals(waiting, decided);
  return (
    <Stack gap="xs">
      {open.length > 1 && (
        <Group justify="flex-end">
          <Button size="sm" onClick={() => approveAll.mutate()} loading={approveAll.isPending}>
            {t('proposals.approveAll', { count: open.length })}
          </Button>
        </Group>
      )}
      {summary && (
        <Alert color="blue" variant="light" role="status">
          {t('proposals.allDone', { pushed: summary.pushed, stale: summary.stale, failed: summary.failed, left: summary.left_open })}
        </Alert>
      )}
      {shown.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          {t('proposals.empty')}
        </Text>
      ) : (
        <ul aria-label={t('proposals.heading')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {shown.map((p) => (
            <ProposalRow key={p.id} proposal={p} busy={approveAll.isPending} onDecided={(outcome) => setDecided((current) => withOutcome(current, outcome))} />
          ))}
        </ul>
      )}
    </Stack>
  );
}

/**
 * Approval mode: what the demper would push, waiting for the seller (per city old → new, why, how
 * long ago), approve or reject each or approve them all, and what came of it. Shown while the shop is in
 * `approve` mode, or while proposals still wait (a product of its own in that mode).
 */
export function Proposals({ storeId }: { storeId: string }) {
  const { t } = useTranslation('demper');
  const settings = useDemperSettings(storeId);
  const proposals = useWaitingProposals(storeId);
  const inApproveMode = settings.data?.approval_mode === 'approve';
  if (!inApproveMode && !(proposals.data && proposals.data.count > 0)) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="demper-proposals-heading">
      <Title order={2} size="h4" id="demper-proposals-heading">
        {t('proposals.heading')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('proposals.hint')}
      </Text>
      <QueryState query={proposals}>{(page) => <ProposalList storeId={storeId} waiting={page.results} />}</QueryState>
    </Card>
  );
}

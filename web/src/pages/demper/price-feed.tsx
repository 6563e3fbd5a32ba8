import { Anchor, Badge, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCityName } from '../../components/city-name.tsx';
import { Money } from '../../components/money.tsx';
import { When } from '../../components/when.tsx';
import { useServerEvent } from '../../events/server-events.tsx';
import { formatPrice } from '../../format/price.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { statusKey } from './demper-queries.ts';
import { addMove, direction, FEED_LIMIT, type PriceMove, statusTone } from './price-feed-state.ts';
import { reasonKey } from './reasons.ts';

const toneColor = { pending: 'blue', done: 'green', failed: 'red', other: 'gray' } as const;

function MoveRow({ move }: { move: PriceMove }) {
  const { t } = useTranslation('demper');
  const language = useLanguage();
  const cityName = useCityName();
  const key = reasonKey(move.reason);
  const dir = direction(move);
  const statusLabel = (['sending', 'pushed', 'applied', 'superseded', 'failed'] as const).find((s) => s === move.status);
  const source = move.source === 'demper' || move.source === 'manual' ? t(`source.${move.source}`) : move.source;
  return (
    <li>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Anchor component={Link} to={`/products/${move.product_id}`} fw={600} lineClamp={2}>
            {move.product_name}
          </Anchor>
          <Text size="sm" c="dimmed">
            {move.city_id ? cityName(move.city_id) : t('feed.allCities')} · {key ? t(`reasons.${key}`) : move.reason} · {source}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Group gap={6} wrap="nowrap">
            <VisuallyHidden>{t('feed.priceChange', { old: formatPrice(move.old_price, language), new: formatPrice(move.new_price, language) })}</VisuallyHidden>
            <Text size="sm" c="dimmed" td="line-through" aria-hidden>
              <Money value={move.old_price} />
            </Text>
            {dir === 'down' && <IconArrowDownRight size={16} color="var(--mantine-color-green-7)" aria-hidden />}
            {dir === 'up' && <IconArrowUpRight size={16} color="var(--mantine-color-orange-7)" aria-hidden />}
            <Text fw={700} aria-hidden>
              <Money value={move.new_price} />
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Badge size="sm" variant="dot" color={toneColor[statusTone(move.status)]}>
              {statusLabel ? t(`moveStatus.${statusLabel}`) : move.status}
            </Badge>
            <Text size="xs" c="dimmed">
              <When at={move.at} />
            </Text>
          </Group>
        </Stack>
      </Group>
    </li>
  );
}

/**
 * Price moves of this shop as the server pushes them (SSE `price_change`), newest on top. The feed starts
 * empty when the page opens: it shows what happens while the seller watches; the history of each
 * product is on its own page.
 */
export function PriceFeed({ storeId }: { storeId: string }) {
  const { t } = useTranslation('demper');
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<PriceMove[]>([]);
  useServerEvent('price_change', (move) => {
    if (move.store_id !== storeId) return;
    setFeed((current) => addMove(current, move, storeId));
    // The hour's counters changed too.
    void queryClient.invalidateQueries({ queryKey: statusKey(storeId) });
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="demper-feed-heading">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id="demper-feed-heading">
          {t('feed.heading')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('feed.hint', { count: FEED_LIMIT })}
        </Text>
      </Group>
      {feed.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          {t('feed.empty')}
        </Text>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls, and a scrolling region must be reachable from the keyboard (WCAG 2.1.1)
        <ul aria-live="polite" aria-label={t('feed.heading')} tabIndex={0} style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 480, overflowY: 'auto' }}>
          {feed.map((move) => (
            <MoveRow key={move.id} move={move} />
          ))}
        </ul>
      )}
    </Card>
  );
}

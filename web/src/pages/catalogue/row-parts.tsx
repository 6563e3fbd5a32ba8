import { Group, HoverCard, Stack, Switch, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCityName } from '../../components/city-name.tsx';
import { errorMessage } from '../../components/error-alert.tsx';
import { Money } from '../../components/money.tsx';
import { When } from '../../components/when.tsx';
import { marketSummary } from './market.ts';
import { type ProductRow, useUpdateProduct } from './products-api.ts';
import { ReadableBadge } from './readable-badge.tsx';

/** Our price: the base price and how many cities; the city prices on hover, focus or tap. */
export function PriceCell({ row }: { row: ProductRow }) {
  const { t } = useTranslation('catalogue');
  const cityName = useCityName();
  const cities = row.city_prices;
  const differ = cities.some((c) => c.price !== row.price);
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" fw={500}>
        <Money value={row.price} />
      </Text>
      {cities.length > 0 && (
        <HoverCard position="bottom-end" withArrow shadow="md" openDelay={150}>
          <HoverCard.Target>
            <UnstyledButton>
              <Text size="xs" c={differ ? 'blue.9' : 'dimmed'} td="underline dotted">
                {t('inCities', { count: cities.length })}
              </Text>
              <VisuallyHidden>
                , {t('cityPrices')}: {row.name}
              </VisuallyHidden>
            </UnstyledButton>
          </HoverCard.Target>
          <HoverCard.Dropdown>
            <Text size="xs" fw={600} mb={4}>
              {t('cityPrices')}
            </Text>
            {cities.map((c) => (
              <Group key={c.city_id} justify="space-between" gap="lg" wrap="nowrap">
                <Text size="sm">{cityName(c.city_id)}</Text>
                <Text size="sm">
                  <Money value={c.price} />
                </Text>
              </Group>
            ))}
          </HoverCard.Dropdown>
        </HoverCard>
      )}
    </Stack>
  );
}

/** Our place (the worst city first: that is where the seller loses) and when it was checked. */
export function PlaceCell({ row }: { row: ProductRow }) {
  const { t } = useTranslation('catalogue');
  const cityName = useCityName();
  const summary = marketSummary(row);
  if (!summary) {
    // A product that cannot be repriced says so beside its name already.
    return (
      <Text size="xs" c="dimmed">
        {row.repriceable ? t('notChecked') : '—'}
      </Text>
    );
  }
  const { worst } = summary;
  return (
    <Stack gap={0}>
      <Group gap={4} wrap="wrap">
        {worst.place === null ? (
          <ReadableBadge color="gray" size="sm">
            {t('notListed')}
          </ReadableBadge>
        ) : (
          <ReadableBadge color={worst.place === 1 ? 'green' : worst.place <= 3 ? 'yellow' : 'red'} size="sm">
            {t('placeIn', { place: worst.place })}
          </ReadableBadge>
        )}
        {summary.cities > 1 && (
          <Text size="xs" c="dimmed">
            {cityName(worst.city_id)}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        <When at={worst.checked_at} />
      </Text>
    </Stack>
  );
}

/** The cheapest competitor in the same city as the place shown. */
export function CheapestCell({ row }: { row: ProductRow }) {
  const { t } = useTranslation('catalogue');
  const summary = marketSummary(row);
  if (!summary) return <Text size="xs">—</Text>;
  const price = summary.worst.cheapest_competitor_price;
  if (price === null) {
    return (
      <Text size="xs" c="dimmed">
        {t('noCompetitor')}
      </Text>
    );
  }
  const below = row.price !== null && price < row.price;
  return (
    <Text size="sm" c={below ? 'red.9' : undefined}>
      <Money value={price} />
    </Text>
  );
}

/** The repricer's on/off switch of one product. */
export function DemperSwitch({ row }: { row: ProductRow }) {
  const { t } = useTranslation('catalogue');
  const { t: tc } = useTranslation();
  const update = useUpdateProduct();
  const checked = update.isPending && update.variables ? Boolean(update.variables.patch.bot_active) : row.bot_active;
  return (
    <Switch
      aria-label={t('demperToggle', { product: row.name })}
      checked={checked}
      disabled={update.isPending}
      onChange={(event) => {
        const on = event.currentTarget.checked;
        update.mutate({ id: row.id, patch: { bot_active: on } }, { onError: (error) => notifications.show({ color: 'red', title: row.name, message: errorMessage(error, tc) }) });
      }}
    />
  );
}

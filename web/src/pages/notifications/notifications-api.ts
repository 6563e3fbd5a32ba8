import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

type SettingsPath = paths['/api/v1/notifications/settings/'];
export type NotificationSettings = SettingsPath['get']['responses'][200]['content']['application/json'];
export type NotificationSettingsPatch = NonNullable<SettingsPath['patch']['requestBody']>['content']['application/json'];
export type TelegramLink = paths['/api/v1/notifications/telegram/link/']['get']['responses'][200]['content']['application/json'];
export type Webhook = paths['/api/v1/notifications/webhooks/']['get']['responses'][200]['content']['application/json'][number];
export type CreatedWebhook = paths['/api/v1/notifications/webhooks/']['post']['responses'][201]['content']['application/json'];
type DeliveriesPath = paths['/api/v1/notifications/deliveries/']['get'];
export type DeliveryQuery = NonNullable<DeliveriesPath['parameters']['query']>;
export type Delivery = DeliveriesPath['responses'][200]['content']['application/json']['results'][number];

export const settingsKey = ['notifications', 'settings'] as const;
export const webhooksKey = ['notifications', 'webhooks'] as const;
export const deliveriesKey = ['notifications', 'deliveries'] as const;

/**
 * The preferences, and whether Telegram is available and linked. While a link code is on screen this is
 * polled (not the link endpoint: each GET there makes a new code and voids the one the seller is using).
 */
export function useNotificationSettings(options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: settingsKey,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/settings/')),
    refetchInterval: options.poll ? 2_000 : false,
    refetchOnWindowFocus: 'always',
  });
}

export function useWebhooks() {
  return useQuery({ queryKey: webhooksKey, queryFn: () => unwrap(api.GET('/api/v1/notifications/webhooks/')) });
}

export const DELIVERIES_PAGE_SIZE = 20;

export function useDeliveries(query: DeliveryQuery) {
  return useQuery({
    queryKey: [...deliveriesKey, query],
    queryFn: () => unwrap(api.GET('/api/v1/notifications/deliveries/', { params: { query: { page_size: DELIVERIES_PAGE_SIZE, ...query } } })),
    placeholderData: (previous) => previous,
    // A pending delivery moves on its own (retries): keep the list current while the page is open.
    refetchInterval: 15_000,
  });
}

import { Badge, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Green or red in words, never in colour alone. */
export function OkBadge({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <Badge color={ok ? 'green' : 'red'} variant="dot" tt="none">
      {ok ? yes : no}
    </Badge>
  );
}

/** One dependency's health: ok / failing / not used (null), and a figure such as its latency. */
export function HealthCard({ title, ok, detail }: { title: string; ok: boolean | null; detail: string }) {
  const { t } = useTranslation('admin');
  return (
    <Paper withBorder p="sm" radius="md">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          {title}
        </Text>
        {ok === null ? (
          <Badge color="gray" variant="dot" tt="none">
            {t('system.notUsed')}
          </Badge>
        ) : (
          <OkBadge ok={ok} yes={t('system.ok')} no={t('system.down')} />
        )}
      </Group>
      <Text size="lg" fw={600} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {detail}
      </Text>
    </Paper>
  );
}

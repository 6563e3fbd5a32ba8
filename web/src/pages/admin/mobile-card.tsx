import { Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * One row of an admin list on a phone: a title line with its status badges, labelled facts, and the
 * row's actions. Tables stay for the desktop; at 360 px a card reads without scrolling sideways.
 */
export function MobileCard({ title, badges, facts, actions }: { title: ReactNode; badges?: ReactNode; facts: [string, ReactNode][]; actions?: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md" component="li" style={{ listStyle: 'none' }}>
      <Stack gap={6}>
        <Group gap={6} wrap="wrap">
          <Text fw={600} size="sm" style={{ wordBreak: 'break-word' }}>
            {title}
          </Text>
          {badges}
        </Group>
        {facts.map(([label, value]) => (
          <Group key={label} gap={6} wrap="nowrap" align="baseline">
            <Text size="xs" c="dimmed" miw={110}>
              {label}
            </Text>
            <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
              {value}
            </Text>
          </Group>
        ))}
        {actions && (
          <Group gap="xs" mt={4} wrap="wrap">
            {actions}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** The phone's list: cards, shown below the `sm` breakpoint only (the table shows above it). */
export function MobileList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" aria-label={label} gap="xs" hiddenFrom="sm" p={0} m={0}>
      {children}
    </Stack>
  );
}

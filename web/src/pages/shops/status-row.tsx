import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One line of a shop card: what it is on the left (above, on a phone), its state on the right. */
export function StatusRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group align="flex-start" gap="xs" wrap="wrap">
      <Text size="sm" c="gray.7" w={{ base: '100%', xs: 140 }} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Group>
  );
}

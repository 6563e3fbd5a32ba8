import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

const colors = { ok: 'green', info: 'blue', warn: 'orange', rest: 'indigo', neutral: 'gray' } as const;

/**
 * A state as a badge that stays readable: a coloured dot beside dark text (Mantine's light badges put
 * pale text on a pale tint, below WCAG contrast); a problem is a solid dark red badge with white text.
 */
export function StatusBadge({ tone, children }: { tone: keyof typeof colors | 'bad'; children: ReactNode }) {
  if (tone === 'bad') {
    return (
      <Badge color="red.9" variant="filled" style={{ whiteSpace: 'normal', height: 'auto' }}>
        {children}
      </Badge>
    );
  }
  return (
    <Badge color={colors[tone]} variant="dot" c="dark.7" style={{ whiteSpace: 'normal', height: 'auto' }}>
      {children}
    </Badge>
  );
}

import { Badge, type BadgeProps } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/**
 * A light badge whose text meets WCAG AA contrast: Mantine's light variant writes in the colour's middle
 * shade (about 3:1 on its tint); this one writes in the darkest shade, or near-black where even that is
 * too light on its tint (green 4.0:1, orange 3.9:1, yellow 2.8:1).
 */
const darkEnough = new Set(['red', 'blue', 'gray']);
export function ReadableBadge({ color = 'gray', children, ...props }: Omit<BadgeProps, 'variant'> & { color?: string; children: ReactNode; title?: string }) {
  return (
    <Badge variant="light" color={color} style={{ '--badge-color': darkEnough.has(color) ? `var(--mantine-color-${color}-9)` : 'var(--mantine-color-dark-6)' } as CSSProperties} {...props}>
      {children}
    </Badge>
  );
}

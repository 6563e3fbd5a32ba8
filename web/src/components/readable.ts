import { notifications } from '@mantine/notifications';
import type { CSSProperties } from 'react';

/**
 * Mantine's "dimmed" grey (gray.6 on white, 3.3:1) fails WCAG AA for text; under this style, dimmed
 * text, input descriptions and hints use gray.7 (8:1). Set on a page's root and on its modals (portals).
 */
export const readableDimmed = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } as CSSProperties;

/** A notification whose close button has a name (screen readers, axe's button-name). */
export function notify(message: string, closeLabel: string, color?: string): void {
  notifications.show({ message, color, closeButtonProps: { 'aria-label': closeLabel } });
}

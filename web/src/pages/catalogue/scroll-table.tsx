import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen, and whose scrolling area can be reached with the
 * keyboard (focusable, named), so a keyboard user can scroll it too.
 */
export function ScrollTable({ minWidth, label, mt, children }: { minWidth: number; label: string; mt?: 'md'; children: ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} mt={mt} scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}>
      {children}
    </Table.ScrollContainer>
  );
}

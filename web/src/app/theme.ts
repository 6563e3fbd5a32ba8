import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/** Kaspi's red as the accent, so the app reads as a Kaspi tool; everything else stays Mantine's defaults. */
export const theme = createTheme({
  primaryColor: 'kaspi',
  primaryShade: 7,
  colors: {
    kaspi: ['#ffeceb', '#fdd9d6', '#f7b0aa', '#f2857c', '#ee6054', '#ec493b', '#eb3d2e', '#d12f21', '#bb281c', '#a41e15'],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
});

/**
 * Mantine's "dimmed" text grey (gray.6 on white, 3.3:1) fails WCAG AA contrast, and dimmed text is where
 * the app puts times, SKUs and counts: gray.7 (8:1) everywhere instead.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

import { createTheme } from '@mantine/core';

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

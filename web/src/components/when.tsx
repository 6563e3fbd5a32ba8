import { Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '../format/time.ts';
import { useLanguage } from '../i18n/use-language.ts';

/** "2 мин назад", with the exact Almaty time on hover and for screen readers; refreshes every 30 s. */
export function When({ at }: { at: string | null | undefined }) {
  const language = useLanguage();
  // The clock is read at every render (a new `at` arriving later must not read as "in 5 s"); the timer
  // only makes sure a render happens every 30 s.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const now = Date.now();
  if (!at) return <span>—</span>;
  const exact = formatDateTime(at, language);
  return (
    <Tooltip label={exact} openDelay={300}>
      <time dateTime={at} title={exact}>
        {formatRelative(at, language, now)}
      </time>
    </Tooltip>
  );
}

import { Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '../format/time.ts';
import { useLanguage } from '../i18n/use-language.ts';

/** "2 мин назад", with the exact Almaty time on hover and for screen readers; refreshes every 30 s. */
export function When({ at }: { at: string | null | undefined }) {
  const language = useLanguage();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
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

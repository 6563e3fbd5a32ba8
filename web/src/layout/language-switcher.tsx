import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { type Language, languageNames, languages } from '../i18n/languages.ts';
import { useLanguage } from '../i18n/use-language.ts';

const short: Record<Language, string> = { ru: 'РУС', kk: 'ҚАЗ', en: 'ENG' };

/** Russian, Kazakh, English; remembered on this device and, once signed in, on the user's account. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { setLanguage } = useSession();
  const language = useLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language')}
      value={language}
      onChange={(value) => void setLanguage(value as Language)}
      data={languages.map((code) => ({
        value: code,
        label: (
          <span title={languageNames[code]} lang={code}>
            {short[code]}
          </span>
        ),
      }))}
    />
  );
}

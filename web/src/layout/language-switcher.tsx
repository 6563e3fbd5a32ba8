import { Button, Menu, SegmentedControl } from '@mantine/core';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
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

/**
 * The same choice in the width of one language, for a phone's header: the three side by side take
 * a third of a 360 px screen and pushed the app's name onto two lines.
 */
export function LanguageMenu() {
  const { t } = useTranslation();
  const { setLanguage } = useSession();
  const language = useLanguage();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        {/* The name holds the visible text (axe: label-content-name-mismatch); the title says it in full. */}
        <Button variant="default" size="compact-xs" rightSection={<IconChevronDown size={12} aria-hidden />} aria-label={`${t('language')}: ${short[language]}`} title={languageNames[language]}>
          {short[language]}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {languages.map((code) => (
          <Menu.Item key={code} lang={code} onClick={() => void setLanguage(code)} leftSection={code === language ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}>
            {languageNames[code]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

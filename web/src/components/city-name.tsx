import { useTranslation } from 'react-i18next';
import { common } from '../i18n/locales/common.ts';
import { useLanguage } from '../i18n/use-language.ts';

/** A city by its name (Алматы), never by its KATO id; an id we do not know is still readable. */
export function useCityName(): (cityId: string | null | undefined) => string {
  const { t } = useTranslation();
  const language = useLanguage();
  const names: Record<string, string> = common[language].cities;
  return (cityId) => {
    if (!cityId) return '—';
    return names[cityId] ?? t('unknownCity', { id: cityId });
  };
}

export function CityName({ id }: { id: string | null | undefined }) {
  return <>{useCityName()(id)}</>;
}

import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A value to copy (a link code, a signing secret): shown in full, wrapping on a phone, with a copy button. */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation('notifications');
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code aria-label={label} style={{ wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-sm)' }}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('copied') : t('copy')}>
            <ActionIcon variant="default" onClick={copy} aria-label={`${t('copy')}: ${label}`} color={copied ? 'teal' : undefined}>
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

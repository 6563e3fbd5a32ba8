import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../layout/language-switcher.tsx';

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Stack w="100%" maw={400} gap="md">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            {tc('appName')}
          </Text>
          <LanguageSwitcher />
        </Group>
        <Text c="dimmed" size="sm">
          {t('tagline')}
        </Text>
        <Paper withBorder shadow="sm" p="lg" radius="md" component="main">
          <Title order={1} size="h3" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}

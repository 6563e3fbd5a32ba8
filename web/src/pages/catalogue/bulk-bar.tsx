import { Alert, Anchor, Button, Group, List, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/error-alert.tsx';
import type { CatalogueFilters } from './catalogue-query.ts';
import { type BulkResult, type ProductRow, type Target, useBulkAction } from './products-api.ts';
import { RulesModal } from './rules-modal.tsx';
import { MAX_IDS, type Selection, selectedCount } from './selection.ts';

interface Props {
  selection: Selection;
  filters: CatalogueFilters;
  matching: number;
  pageRows: ProductRow[];
  pageAllTicked: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}

/** Shown while rows are selected: what is selected, the offer to take the whole filter, and the actions. */
export function BulkBar({ selection, filters, matching, pageRows, pageAllTicked, onSelectAll, onClear }: Props) {
  const { t } = useTranslation('catalogue');
  const { t: tc } = useTranslation();
  const bulk = useBulkAction();
  const [editing, setEditing] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const count = selectedCount(selection, matching);
  // A selection larger than one call allows (never happens by ticking; only by "all") goes by filter.
  const target: Target = selection.kind === 'all' || selection.ids.size > MAX_IDS ? { kind: 'filter', filter: filters } : { kind: 'ids', ids: [...selection.ids] };
  const names = new Map(pageRows.map((r) => [r.id, r.name]));

  function toggle(on: boolean) {
    setResult(null);
    bulk.mutate(
      { target, set: { bot_active: on } },
      {
        onSuccess: setResult,
        onError: (error) => notifications.show({ color: 'red', title: tc('error'), message: errorMessage(error, tc) }),
      },
    );
  }

  return (
    <>
      {count > 0 && (
        <Paper withBorder p="xs" mb="sm" bg="var(--mantine-color-blue-light)" role="region" aria-label={t('selected', { count })}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={600} aria-live="polite">
                {selection.kind === 'all' ? t('allMatching', { count }) : t('selected', { count })}
              </Text>
              {selection.kind === 'ids' && pageAllTicked && matching > count && (
                <Anchor component="button" type="button" size="sm" onClick={onSelectAll}>
                  {t('selectAllMatching', { count: matching })}
                </Anchor>
              )}
              <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onClear}>
                {t('clearSelection')}
              </Anchor>
            </Group>
            <Group gap="xs" wrap="wrap">
              <Button size="xs" color="green" loading={bulk.isPending && bulk.variables?.set.bot_active === true} disabled={bulk.isPending} onClick={() => toggle(true)}>
                {t('enable')}
              </Button>
              <Button size="xs" color="gray" loading={bulk.isPending && bulk.variables?.set.bot_active === false} disabled={bulk.isPending} onClick={() => toggle(false)}>
                {t('disable')}
              </Button>
              <Button size="xs" variant="default" disabled={bulk.isPending} onClick={() => setEditing(true)}>
                {t('editRules')}
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
      {result && (
        <Alert
          color={result.failed.length ? 'orange' : 'green'}
          variant="light"
          mb="sm"
          withCloseButton
          closeButtonLabel={tc('close')}
          onClose={() => setResult(null)}
          title={t('bulkDone', { count: result.updated })}
          role="status"
        >
          {result.failed.length > 0 && (
            <>
              <Text size="sm">{t('bulkFailed', { count: result.failed.length })}</Text>
              <List size="sm" spacing={2}>
                {result.failed.slice(0, 20).map((f) => (
                  <List.Item key={f.id}>
                    {names.get(f.id) ?? f.id}: {f.detail}
                  </List.Item>
                ))}
              </List>
              {result.failed.length > 20 && <Text size="sm">…</Text>}
            </>
          )}
        </Alert>
      )}
      {editing && <RulesModal target={{ kind: 'bulk', target, count, onDone: setResult }} onClose={() => setEditing(false)} />}
    </>
  );
}

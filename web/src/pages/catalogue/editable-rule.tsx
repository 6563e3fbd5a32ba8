import { NativeSelect, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/money.tsx';
import { fieldError } from './field-error.ts';
import { type ProductRow, useUpdateProduct } from './products-api.ts';
import { type RuleField, readRuleInput } from './rule-input.ts';
import { strategies } from './strategies.ts';

const cellButton = {
  padding: '2px 6px',
  borderRadius: 4,
  border: '1px dashed var(--mantine-color-gray-4)',
  minWidth: 72,
  textAlign: 'right' as const,
  whiteSpace: 'nowrap' as const,
};

/**
 * A min / max / step cell: shows the value; a click or Enter opens a field; Enter or leaving the field
 * saves (PATCH), Escape cancels. A refusal keeps the field open with the API's own message under it.
 */
export function EditableRule({ row, field, label }: { row: ProductRow; field: RuleField; label: string }) {
  const { t } = useTranslation('catalogue');
  const { t: tc } = useTranslation();
  const update = useUpdateProduct();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const done = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const value = row[field];

  function open() {
    setText(value === null ? '' : String(value));
    setProblem(null);
    done.current = false;
    setEditing(true);
  }

  function close() {
    done.current = true;
    setEditing(false);
    setProblem(null);
    requestAnimationFrame(() => button.current?.focus());
  }

  async function save() {
    if (done.current || update.isPending) return;
    const read = readRuleInput(field, text);
    if ('problem' in read) return setProblem(t(read.problem));
    if (read.value === value) return close();
    try {
      await update.mutateAsync({ id: row.id, patch: { [field]: read.value } });
      close();
    } catch (error) {
      setProblem(fieldError(error, field, tc('errorRetry')));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  }

  const name = t('fieldOf', { field: label, product: row.name });
  if (!editing) {
    return (
      // The name read out starts with what is shown (the value), then says what the button edits.
      <UnstyledButton ref={button} onClick={open} style={cellButton}>
        {value === null ? (
          <Text span size="sm" c="dimmed">
            {t('notSet')}
          </Text>
        ) : (
          <Text span size="sm">
            <Money value={value} />
          </Text>
        )}
        <VisuallyHidden>, {t('editField', { field: label, product: row.name })}</VisuallyHidden>
      </UnstyledButton>
    );
  }
  return (
    <TextInput
      aria-label={name}
      size="xs"
      w={110}
      autoFocus
      inputMode="numeric"
      rightSection={<Text size="xs">₸</Text>}
      value={text}
      disabled={update.isPending}
      error={problem}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={onKeyDown}
      onBlur={() => void save()}
      styles={{ error: { whiteSpace: 'normal', maxWidth: 220 } }}
    />
  );
}

/** The strategy cell: a select that saves on change; a refusal shows the API's message under it. */
export function EditableStrategy({ row, label }: { row: ProductRow; label: string }) {
  const { t } = useTranslation('catalogue');
  const { t: tc } = useTranslation();
  const update = useUpdateProduct();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <NativeSelect
      size="xs"
      aria-label={t('fieldOf', { field: label, product: row.name })}
      value={row.strategy}
      disabled={update.isPending}
      error={problem}
      data={strategies.map((s) => ({ value: s, label: t(`strategies.${s}`) }))}
      onChange={(event) => {
        const strategy = event.currentTarget.value as (typeof strategies)[number];
        setProblem(null);
        update.mutate({ id: row.id, patch: { strategy } }, { onError: (error) => setProblem(fieldError(error, 'strategy', tc('errorRetry'))) });
      }}
      styles={{ error: { whiteSpace: 'normal', maxWidth: 220 } }}
    />
  );
}

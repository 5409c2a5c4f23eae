import { useRef, useState, type KeyboardEvent } from 'react';
import type { FieldErrors, UseFormRegister, UseFormSetValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Badge, Checkbox, Table, Text, TextInput } from '@mantine/core';
import type { Procedure } from '@shared/domain/procedure';
import type { ReceiveInput } from '@shared/domain/dossier';
import { ComponentsTableHead } from '../../ui/ComponentsTableHead';
import { fieldError } from '../../ui/FieldError';

type Row = ReceiveInput['components'][number];

/**
 * The components as one keyboard stop (roving focus): ↑/↓ move between rows, Space ticks a row and moves
 * to the next, → reaches the row's counts, Enter leaves the list. Ticking n components costs n + 1 keys.
 */
export function ComponentChecklist({
  procedure,
  rows,
  register,
  setValue,
  errors,
  problemRows,
}: {
  procedure: Procedure;
  rows: Row[];
  register: UseFormRegister<ReceiveInput>;
  setValue: UseFormSetValue<ReceiveInput>;
  errors: FieldErrors<ReceiveInput>['components'];
  /** Rows the last save attempt found a problem in (missing, or ticked with no paper). */
  problemRows: ReadonlySet<number>;
}) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const focusBox = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    body.current?.querySelector<HTMLInputElement>(`[data-component-row="${next}"] input[type=checkbox]`)?.focus();
  };
  const focusCount = (i: number, which: 'originals' | 'copies') =>
    body.current?.querySelector<HTMLInputElement>(`[data-component-row="${i}"] input[data-count="${which}"]`)?.select();

  const onBoxKey = (i: number) => (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === ' ') {
      ev.preventDefault();
      const ticked = !rows[i].submitted;
      setValue(`components.${i}.submitted`, ticked, { shouldDirty: true });
      if (ticked && i < rows.length - 1) focusBox(i + 1);
    } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      focusBox(i + (ev.key === 'ArrowDown' ? 1 : -1));
    } else if (ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      focusBox(ev.key === 'Home' ? 0 : rows.length - 1);
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      focusCount(i, 'originals');
    }
  };
  // The native keyup of Space would toggle the box a second time.
  const onBoxKeyUp = (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === ' ') ev.preventDefault();
  };
  const onCountKey = (i: number, which: 'originals' | 'copies') => (ev: KeyboardEvent<HTMLInputElement>) => {
    if (ev.key === 'ArrowRight' && which === 'originals') {
      ev.preventDefault();
      focusCount(i, 'copies');
    } else if (ev.key === 'ArrowLeft') {
      ev.preventDefault();
      if (which === 'copies') focusCount(i, 'originals');
      else focusBox(i);
    } else if (ev.key === 'Enter' || ev.key === 'Escape') {
      // Back to the row's box; the form's Enter handler must not move on from a field outside the chain.
      ev.preventDefault();
      ev.stopPropagation();
      focusBox(i);
    }
  };

  return (
    <>
      <Text size="xs" c="dimmed" mb={4}>{t('intake.checklistHint')}</Text>
      <Table withRowBorders={false} verticalSpacing={4}>
        <ComponentsTableHead />
        <Table.Tbody ref={body} role="group" aria-label={t('receive.components')}>
          {rows.map((c, i) => {
            const required = procedure.components.find((pc) => pc.id === c.componentId)?.required;
            const problem = problemRows.has(i);
            return (
              <Table.Tr key={c.componentId} data-component-row={i} bg={problem ? 'var(--mantine-color-red-0)' : undefined}>
                <Table.Td>
                  <Checkbox
                    {...register(`components.${i}.submitted`)}
                    tabIndex={i === active ? 0 : -1}
                    onKeyDown={onBoxKey(i)}
                    onKeyUp={onBoxKeyUp}
                    onFocus={() => setActive(i)}
                    aria-invalid={problem || undefined}
                    data-problem={problem || undefined}
                    color={problem ? 'red' : undefined}
                    label={
                      <>
                        {c.name} {required && <Badge size="xs" color="red" variant="light">{t('receive.requiredMark')}</Badge>}
                      </>
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    type="number" min={0} tabIndex={-1} data-count="originals" aria-label={`${t('receive.originals')}: ${c.name}`}
                    {...register(`components.${i}.originals`)} onKeyDown={onCountKey(i, 'originals')} error={fieldError(errors?.[i]?.originals)}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    type="number" min={0} tabIndex={-1} data-count="copies" aria-label={`${t('receive.copies')}: ${c.name}`}
                    {...register(`components.${i}.copies`)} onKeyDown={onCountKey(i, 'copies')} error={fieldError(errors?.[i]?.copies)}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </>
  );
}

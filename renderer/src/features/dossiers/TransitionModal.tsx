import { useState, type KeyboardEvent } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Dossier } from '@shared/domain/dossier';
import { RESULT_DELIVERY_LABEL_VI } from '@shared/domain/dossier';
import { actionLabel, STATUS_LABEL_VI, TRANSITIONS, type TransitionAction } from '@shared/domain/status';
import { transitionDetailsSchemas } from '@shared/domain/transitions';
import { db } from '../../db/instance';
import { transitionDossier } from '../../db/dossiers';
import { describeWriteError } from '../../db/errors';
import { fieldError } from '../../ui/FieldError';

/** The action's rule in shared/ says whether it takes a reason. */
const needsReason = (action: TransitionAction) => 'reason' in transitionDetailsSchemas[action].shape;

type Values = { reason?: string; note?: string; collectedBy?: string; method?: 'desk' | 'post'; waybill?: string };

export function TransitionModal({ dossier, action, onClose }: { dossier: Dossier; action: TransitionAction; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, watch, formState } = useForm<Values>({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver: zodResolver(transitionDetailsSchemas[action] as any),
    defaultValues: action === 'return_result'
      ? { collectedBy: dossier.applicant.fullName, method: dossier.resultDelivery, waybill: '', note: '' }
      : { reason: '', note: '' },
  });
  const e = formState.errors;
  const method = watch('method');

  const onSubmit = async (values: Values) => {
    try {
      setError(null);
      await transitionDossier(db, dossier.id, action, values);
      onClose(true);
    } catch (err) {
      setError(describeWriteError(err));
    }
  };
  const submit = handleSubmit(onSubmit);
  // Enter confirms; Shift+Enter makes a new line in a text area.
  const onKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Enter' && !ev.shiftKey && ev.target instanceof HTMLTextAreaElement) {
      ev.preventDefault();
      void submit();
    }
  };

  return (
    <Modal opened onClose={() => onClose(false)} title={actionLabel(action, dossier.status)} size="lg">
      <form onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={actionLabel(action, dossier.status)}>
        <Stack>
          <Text size="sm" c="dimmed">
            {dossier.code}: {STATUS_LABEL_VI[dossier.status]} → {STATUS_LABEL_VI[TRANSITIONS[action].to]}
          </Text>
          {needsReason(action) && (
            <Textarea label={t('dossier.reason')} {...register('reason')} error={fieldError(e.reason)} data-autofocus autosize minRows={2} />
          )}
          {action === 'return_result' && (
            <>
              <TextInput label={t('dossier.collectedByLabel')} {...register('collectedBy')} error={fieldError(e.collectedBy)} data-autofocus />
              <NativeSelect
                label={t('dossier.method')}
                {...register('method')}
                data={(['desk', 'post'] as const).map((v) => ({ value: v, label: RESULT_DELIVERY_LABEL_VI[v] }))}
              />
              {method === 'post' && <TextInput label={t('dossier.waybill')} {...register('waybill')} error={fieldError(e.waybill)} />}
            </>
          )}
          <TextInput label={t('dossier.note')} {...register('note')} error={fieldError(e.note)} data-autofocus={!needsReason(action) && action !== 'return_result' ? true : undefined} />
          {error && <Alert color="red" role="alert" title={t('dossier.failed')}>{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>{t('dossier.cancel')}</Button>
            <Button type="submit" loading={formState.isSubmitting}>{t('dossier.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

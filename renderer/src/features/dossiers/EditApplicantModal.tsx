import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { type z } from 'zod';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { formatDateKey } from '@shared/calendar/vnTime';
import { applicantSchema, type Dossier } from '@shared/domain/dossier';
import { db } from '../../db/instance';
import { editApplicant } from '../../db/dossiers';
import { describeWriteError } from '../../db/errors';
import { ApplicantFields } from '../applicant/ApplicantFields';

export function EditApplicantModal({ dossier, onClose }: { dossier: Dossier; onClose: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof applicantSchema>, unknown, z.output<typeof applicantSchema>>({
    resolver: zodResolver(applicantSchema),
    defaultValues: {
      ...dossier.applicant,
      kind: dossier.applicant.kind ?? 'person',
      dateOfBirth: dossier.applicant.dateOfBirth ? formatDateKey(dossier.applicant.dateOfBirth) : '',
    },
  });

  const onSubmit = async (applicant: z.output<typeof applicantSchema>) => {
    try {
      setError(null);
      await editApplicant(db, dossier.id, applicant);
      onClose();
    } catch (err) {
      setError(describeWriteError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('dossier.edit')} size="xl">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={t('dossier.edit')}>
        <Stack>
          <ApplicantFields register={register} errors={formState.errors} prefix="" kind={dossier.applicant.kind ?? 'person'} autoFocus />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('dossier.cancel')}</Button>
            <Button type="submit" loading={formState.isSubmitting}>{t('dossier.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Fieldset, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { readState } from '../../sync/state';
import { deskSettingsSchema, officeSettingsSchema } from '@shared/domain/settings';
import { db } from '../../db/instance';
import { saveSetup, type DeskConfig } from '../../db/settings';
import { describeWriteError } from '../../db/errors';
import { fieldError } from '../../ui/FieldError';

const setupSchema = z.object({ office: officeSettingsSchema, desk: deskSettingsSchema });
type SetupInput = z.input<typeof setupSchema>;
type SetupData = z.output<typeof setupSchema>;

export function SetupForm({ config, firstRun = false }: { config: DeskConfig; firstRun?: boolean }) {
  const { t } = useTranslation();
  const [saveError, setSaveError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SetupInput, unknown, SetupData>({
    resolver: zodResolver(setupSchema),
    defaultValues: {
      office: config.office ?? { parentAgencyName: '', agencyName: t('setup.defaultAgencyName'), agencyCode: '', communeName: '', districtName: '', provinceName: '' },
      desk: config.desk ?? { deskNo: 1, desksInAgency: 1, officerName: '' },
    },
  });
  const e = formState.errors;
  // Once enrolled, the province assigns the agency code and the desk's share of codes.
  const enrolled = Boolean(useLiveQuery(() => readState(db, 'enrolment'), []));

  const onSubmit = async (data: SetupData) => {
    try {
      setSaveError(null);
      await saveSetup(db, data.office, data.desk);
      notifications.show({ color: 'green', message: t('setup.saved') });
    } catch (err) {
      setSaveError(describeWriteError(err));
    }
  };

  return (
    <Paper withBorder p="lg" maw={900} mx="auto">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={t('setup.title')}>
        <Stack>
          <Title order={2}>{firstRun ? t('setup.title') : t('setup.settingsTitle')}</Title>
          {firstRun && <Text c="dimmed">{t('setup.intro')}</Text>}
          <Fieldset legend={t('setup.office')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('setup.parentAgencyName')} {...register('office.parentAgencyName')} error={fieldError(e.office?.parentAgencyName)} data-autofocus autoFocus={firstRun} />
              <TextInput label={t('setup.agencyName')} {...register('office.agencyName')} error={fieldError(e.office?.agencyName)} />
              <TextInput label={t('setup.agencyCode')} {...register('office.agencyCode')} error={fieldError(e.office?.agencyCode)} readOnly={enrolled} description={enrolled ? t('setup.managedByProvince') : undefined} />
              <TextInput label={t('setup.communeName')} {...register('office.communeName')} error={fieldError(e.office?.communeName)} />
              <TextInput label={t('setup.districtName')} {...register('office.districtName')} error={fieldError(e.office?.districtName)} />
              <TextInput label={t('setup.provinceName')} {...register('office.provinceName')} error={fieldError(e.office?.provinceName)} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('setup.desk')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput type="number" label={t('setup.deskNo')} {...register('desk.deskNo')} error={fieldError(e.desk?.deskNo)} readOnly={enrolled} description={enrolled ? t('setup.managedByProvince') : undefined} />
              <TextInput type="number" label={t('setup.desksInAgency')} {...register('desk.desksInAgency')} error={fieldError(e.desk?.desksInAgency)} readOnly={enrolled} description={enrolled ? t('setup.managedByProvince') : undefined} />
              <TextInput label={t('setup.officerName')} {...register('desk.officerName')} error={fieldError(e.desk?.officerName)} />
            </SimpleGrid>
            <Text size="sm" c="dimmed" mt="xs">{t('setup.desksHelp')}</Text>
          </Fieldset>
          {saveError && <Alert color="red" role="alert">{saveError}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={formState.isSubmitting}>{t('setup.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

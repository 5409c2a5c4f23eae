import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { fieldError } from '../../ui/FieldError';

type ApplicantErrors = FieldErrors<{ fullName: string; idNumber: string; dateOfBirth: string; gender: string; address: string; phone: string; email: string }>;

/** The applicant's fields, registered under `prefix` ('' or 'applicant.') of the surrounding form. */
export function ApplicantFields({
  register,
  errors,
  prefix,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register: UseFormRegister<any>;
  errors: ApplicantErrors | undefined;
  prefix: '' | 'applicant.';
}) {
  const { t } = useTranslation();
  const e = errors ?? {};
  const text = (name: keyof ApplicantErrors, extra: Record<string, string> = {}) => (
    <TextInput label={t(`receive.${name}`)} {...register(`${prefix}${name}`)} error={fieldError(e[name])} autoComplete="off" {...extra} />
  );
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text('fullName')}
        {text('idNumber', { inputMode: 'numeric' })}
        {text('dateOfBirth', { placeholder: 'dd/mm/yyyy' })}
        <NativeSelect
          label={t('receive.gender')}
          {...register(`${prefix}gender`)}
          error={fieldError(e.gender)}
          data={[
            { value: '', label: t('receive.genderChoose') },
            { value: 'male', label: t('receive.male') },
            { value: 'female', label: t('receive.female') },
          ]}
        />
      </SimpleGrid>
      <SimpleGrid cols={1} mt="sm">{text('address')}</SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        {text('phone', { inputMode: 'tel' })}
        {text('email')}
      </SimpleGrid>
    </>
  );
}

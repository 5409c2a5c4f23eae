import { useRef, type KeyboardEvent } from 'react';
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { foldText } from '@shared/text/fold';
import { fieldError } from '../../ui/FieldError';

type ApplicantErrors = FieldErrors<{
  kind: string; fullName: string; idNumber: string; taxCode: string; representative: string; dateOfBirth: string; gender: string; address: string; phone: string; email: string;
}>;

/**
 * Type-to-choose for a native select, accents optional: "nu", "nữ" (or Telex "nuwx") pick Nữ, "nam" picks
 * Nam. A native select matches only the exact letters, and an input method sends no text to a select.
 */
export function useFoldedTypeahead() {
  const typed = useRef({ text: '', at: 0 });
  return (ev: KeyboardEvent<HTMLSelectElement>) => {
    const select = ev.currentTarget;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const now = Date.now();
    if (now - typed.current.at > 1000) typed.current.text = '';
    typed.current.at = now;
    if (ev.key === 'Backspace') {
      typed.current.text = typed.current.text.slice(0, -1);
      ev.preventDefault();
      return;
    }
    if (ev.key.length !== 1 || ev.key === ' ') return;
    ev.preventDefault();
    typed.current.text += ev.key;
    const q = foldText(typed.current.text).replace(/\s/g, '');
    const options = [...select.options].filter((o) => o.value !== '');
    const label = (o: HTMLOptionElement) => foldText(o.label).replace(/\s/g, '');
    // The label starting with what was typed; else the label that what was typed starts with (Telex marks after it).
    const hit = options.find((o) => label(o).startsWith(q)) ?? options.find((o) => q.startsWith(label(o)));
    if (hit && select.value !== hit.value) {
      select.value = hit.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  };
}

/** The applicant's fields, registered under `prefix` ('' or 'applicant.') of the surrounding form. */
export function ApplicantFields({
  register,
  errors,
  prefix,
  kind = 'person',
  withKind = false,
  autoFocus = false,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register: UseFormRegister<any>;
  errors: ApplicantErrors | undefined;
  prefix: '' | 'applicant.';
  kind?: 'person' | 'organisation';
  /** Offer the choice person / organisation (reception); an existing dossier keeps its kind. */
  withKind?: boolean;
  /** In a dialog: the first field has focus when it opens (Mantine's data-autofocus), not the close button. */
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const typeahead = useFoldedTypeahead();
  const e = errors ?? {};
  const organisation = kind === 'organisation';
  const first: Record<string, string> = autoFocus ? { 'data-autofocus': 'true' } : {};
  const text = (name: keyof ApplicantErrors, extra: Record<string, string> = {}) => (
    <TextInput label={t(`receive.${name}`)} {...register(`${prefix}${name}`)} error={fieldError(e[name])} autoComplete="off" {...extra} />
  );
  return (
    <>
      {withKind && (
        // Reached with Tab (or Shift+Tab from the name), not with Enter: most applicants are people.
        <div data-enter-skip>
          <NativeSelect
            label={t('intake.applicantKind')}
            {...register(`${prefix}kind`)}
            onKeyDown={typeahead}
            w={200}
            mb="sm"
            data={[
              { value: 'person', label: t('intake.person') },
              { value: 'organisation', label: t('intake.organisation') },
            ]}
          />
        </div>
      )}
      {organisation ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('fullName', { label: t('intake.orgName'), ...first })}
            {text('taxCode', { label: t('intake.taxCode'), inputMode: 'numeric', placeholder: '0101234567' })}
            {text('representative', { label: t('intake.representative') })}
            {text('idNumber', { label: t('intake.representativeId'), inputMode: 'numeric' })}
          </SimpleGrid>
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('fullName', first)}
          {text('idNumber', { inputMode: 'numeric' })}
          {text('dateOfBirth', { placeholder: 'dd/mm/yyyy' })}
          <NativeSelect
            label={t('receive.gender')}
            {...register(`${prefix}gender`)}
            onKeyDown={typeahead}
            error={fieldError(e.gender)}
            data={[
              { value: '', label: t('receive.genderChoose') },
              { value: 'male', label: t('receive.male') },
              { value: 'female', label: t('receive.female') },
            ]}
          />
        </SimpleGrid>
      )}
      <SimpleGrid cols={1} mt="sm">{text('address')}</SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        {text('phone', { inputMode: 'tel' })}
        {text('email')}
      </SimpleGrid>
    </>
  );
}

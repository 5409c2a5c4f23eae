import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Controller, useForm, type Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import {
  Alert, Badge, Button, type ComboboxItem, Checkbox, Fieldset, Grid, Group, Modal, NativeSelect, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { computeAppointment, receptionDayWarning } from '@shared/calendar/workingDays';
import { formatDateKey, formatVnDateTime } from '@shared/calendar/vnTime';
import { parseCccdQr, splitScannedText } from '@shared/domain/cccdQr';
import { componentProblems, receiveInputSchema, RESULT_DELIVERY_LABEL_VI, type Dossier, type ReceiveData, type ReceiveInput } from '@shared/domain/dossier';
import { countProblem, liveFee, describeFee, describeProcessingTime, feeInputs, formatMoney } from '@shared/domain/procedure';
import { foldText } from '@shared/text/fold';
import { db } from '../../db/instance';
import { receiveDossier, refuseAtReception } from '../../db/dossiers';
import { activeProcedures } from '../../db/procedures';
import { describeWriteError } from '../../db/errors';
import type { DeskConfig } from '../../db/settings';
import { ComponentsTableHead } from '../../ui/ComponentsTableHead';
import { fieldError } from '../../ui/FieldError';
import { navigate } from '../../ui/router';
import { useNow } from '../../ui/useNow';
import { ReceiptDone } from './ReceiptDone';
import { ApplicantFields } from '../applicant/ApplicantFields';
import { useMarkWorkInProgress } from '../../ui/workInProgress';

const EMPTY: ReceiveInput = {
  procedureCode: '',
  applicant: { fullName: '', idNumber: '', dateOfBirth: '', gender: '' as 'male', address: '', phone: '', email: '' },
  components: [],
  sets: 1,
  resultDelivery: 'desk',
  feeCopies: 1,
  feePages: 1,
  note: '',
};

/** Every typed word must appear, accents optional; names that start with the query come first. */
function filterProcedures(options: ComboboxItem[], search: string): ComboboxItem[] {
  const query = foldText(search);
  const words = query.split(' ').filter(Boolean);
  const matches = options.filter((o) => words.every((w) => foldText(o.label).includes(w)));
  const starts = (o: ComboboxItem) => (foldText(o.label).startsWith(query) ? 0 : 1);
  return matches.sort((a, b) => starts(a) - starts(b));
}

/** Enter moves to the next field, as on paper forms; Ctrl+Enter saves. Scanners end their text with Enter. */
function focusNextField(from: HTMLElement) {
  const form = from.closest('form');
  if (!form) return;
  const fields = [...form.querySelectorAll<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea, button[type=submit]')]
    .filter((el) => el.tabIndex >= 0 && el.offsetParent !== null);
  const next = fields[fields.indexOf(from) + 1];
  next?.focus();
}

export function ReceivePage({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const dayWarning = receptionDayWarning(now, config.calendar);
  const procedures = useLiveQuery(() => activeProcedures(db), []);
  const [saved, setSaved] = useState<Dossier | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [scan, setScan] = useState<{ ok: boolean; text: string } | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [refusalReason, setRefusalReason] = useState('');
  const procedureInput = useRef<HTMLInputElement>(null);

  const { register, control, handleSubmit, watch, setValue, reset, setError, formState, setFocus, trigger, clearErrors } = useForm<ReceiveInput, unknown, ReceiveData>({
    resolver: zodResolver(receiveInputSchema),
    defaultValues: EMPTY,
  });
  const e = formState.errors;
  useMarkWorkInProgress('reception', formState.isDirty && !saved);
  const procedureOptions = useMemo(() => (procedures ?? []).map((p) => ({ value: p.code, label: p.name })), [procedures]);
  const procedureCode = watch('procedureCode');
  const procedure = useMemo(() => procedures?.find((p) => p.code === procedureCode) ?? null, [procedures, procedureCode]);
  const components = watch('components');
  const [feeCopies, feePages] = watch(['feeCopies', 'feePages']);

  useEffect(() => {
    setValue(
      'components',
      (procedure?.components ?? []).map((c) => ({ componentId: c.id, name: c.name, submitted: false, originals: c.originals, copies: c.copies })),
    );
  }, [procedure, setValue]);

  useEffect(() => {
    if (!saved) procedureInput.current?.focus();
  }, [saved]);

  const appointment = procedure ? computeAppointment(now, procedure.processingTime, procedure.cutoffRule, config.calendar) : null;
  // No fee is shown for 0, −1 or 2.5 pages: the field says what is wrong instead.
  const fee = procedure ? liveFee(procedure.fee, { copies: String(feeCopies ?? ''), pages: String(feePages ?? '') }) : null;
  const needs = procedure ? feeInputs(procedure.fee) : { copies: false, pages: false };

  const onSubmit = async (data: ReceiveData) => {
    if (!procedure) return;
    const problems = componentProblems(procedure, data.components);
    if (problems.length) {
      setError('components', { message: problems.map((p) => p.message).join(' ') });
      return;
    }
    setSaveError(null);
    try {
      setSaved(await receiveDossier(db, data));
      setScan(null);
    } catch (err) {
      setSaveError(describeWriteError(err));
    }
  };
  const submit = handleSubmit(onSubmit);

  // Refusal at reception: the applicant is recorded, the dossier goes straight to status 3 and form 03.
  const refuse = handleSubmit(async (data: ReceiveData) => {
    setSaveError(null);
    try {
      const d = await refuseAtReception(db, data, refusalReason);
      setRefusing(false);
      setRefusalReason('');
      reset(EMPTY);
      navigate(`dossier/${d.id}`);
    } catch (err) {
      setSaveError(describeWriteError(err));
    }
  });

  const onFormKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key !== 'Enter') return;
    const target = ev.target as HTMLElement;
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      void submit();
      return;
    }
    if (target instanceof HTMLInputElement && target.closest('[data-applicant]')) {
      const split = splitScannedText(target.value);
      if (split) {
        ev.preventDefault();
        applyScan(target, split.typed, split.scanned);
        return;
      }
    }
    if (target instanceof HTMLInputElement && target.type !== 'checkbox') {
      let chosen = ev.defaultPrevented || !target.closest('[data-procedure]');
      if (!chosen) {
        // Typed faster than the picker highlighted an option: take the best match, as it would.
        const best = filterProcedures(procedureOptions, target.value)[0];
        if (best) setValue('procedureCode', best.value, { shouldValidate: true });
        chosen = Boolean(best);
      }
      ev.preventDefault();
      if (chosen) focusNextField(target);
    }
  };

  const applyScan = (field: HTMLInputElement, typed: string, scanned: string) => {
    // Give back whatever the officer had typed in the field the scanner wrote into.
    setValue(field.name as Path<ReceiveInput>, typed as never);
    const result = parseCccdQr(scanned);
    if (!result.ok) {
      setScan({ ok: false, text: result.reason });
      // No stale error stays under a field that is valid now: re-check what was checked, clear the rest.
      if (formState.isSubmitted) void trigger('applicant');
      else clearErrors(field.name as Path<ReceiveInput>);
      return;
    }
    const d = result.data;
    const opts = { shouldValidate: true, shouldDirty: true } as const;
    setValue('applicant.fullName', d.fullName, opts);
    setValue('applicant.idNumber', d.idNumber, opts);
    setValue('applicant.dateOfBirth', formatDateKey(d.dateOfBirth), opts);
    setValue('applicant.gender', d.gender, opts);
    setValue('applicant.address', d.address, opts);
    setScan({ ok: true, text: t('receive.scanOk', { name: d.fullName }) });
    setFocus('applicant.phone');
  };

  const startNext = () => {
    reset(EMPTY);
    setSaved(null);
    setSaveError(null);
  };

  if (saved) return <ReceiptDone dossier={saved} config={config} onNext={startNext} onOpen={() => navigate(`dossier/${saved.id}`)} />;

  return (
    <form onSubmit={submit} onKeyDown={onFormKeyDown} noValidate aria-label={t('receive.title')}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Title order={2}>{t('receive.title')}</Title>
            {dayWarning && <Alert color="yellow" data-testid="day-off-warning">{dayWarning}</Alert>}
            <div data-procedure>
              <Controller
                control={control}
                name="procedureCode"
                render={({ field }) => (
                  <Select
                    ref={procedureInput}
                    label={t('receive.procedure')}
                    placeholder={t('receive.procedurePlaceholder')}
                    data={procedureOptions}
                    value={field.value || null}
                    onChange={(v) => field.onChange(v ?? '')}
                    searchable
                    selectFirstOptionOnChange
                    nothingFoundMessage={t('receive.noProcedure')}
                    filter={({ options, search }) => filterProcedures(options as ComboboxItem[], search)}
                    error={fieldError(e.procedureCode)}
                    maxDropdownHeight={320}
                  />
                )}
              />
            </div>
            <Fieldset legend={t('receive.applicant')} data-applicant>
              <Text size="sm" c="dimmed" mb="xs">{t('receive.scanHint')}</Text>
              {scan && (
                <Alert color={scan.ok ? 'green' : 'red'} mb="sm" role={scan.ok ? 'status' : 'alert'} withCloseButton onClose={() => setScan(null)}>
                  {scan.text}
                </Alert>
              )}
              <ApplicantFields register={register} errors={e.applicant} prefix="applicant." />
            </Fieldset>
            <Fieldset legend={t('receive.components')}>
              {procedure ? (
                <Table withRowBorders={false} verticalSpacing={4}>
                  <ComponentsTableHead />
                  <Table.Tbody>
                    {components.map((c, i) => {
                      const required = procedure.components.find((pc) => pc.id === c.componentId)?.required;
                      return (
                        <Table.Tr key={c.componentId}>
                          <Table.Td>
                            <Checkbox
                              {...register(`components.${i}.submitted`)}
                              label={
                                <>
                                  {c.name} {required && <Badge size="xs" color="red" variant="light">{t('receive.requiredMark')}</Badge>}
                                </>
                              }
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput type="number" min={0} aria-label={`${t('receive.originals')}: ${c.name}`} {...register(`components.${i}.originals`)} error={fieldError(e.components?.[i]?.originals)} />
                          </Table.Td>
                          <Table.Td>
                            <TextInput type="number" min={0} aria-label={`${t('receive.copies')}: ${c.name}`} {...register(`components.${i}.copies`)} error={fieldError(e.components?.[i]?.copies)} />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text c="dimmed" size="sm">{t('receive.chooseProcedureFirst')}</Text>
              )}
              {e.components?.message && <Text c="red" size="sm" role="alert">{e.components.message}</Text>}
            </Fieldset>
            <SimpleGrid cols={{ base: 1, sm: 4 }}>
              <TextInput type="number" min={1} label={t('receive.sets')} {...register('sets')} error={fieldError(e.sets)} />
              <NativeSelect
                label={t('receive.delivery')}
                {...register('resultDelivery')}
                data={(['desk', 'post'] as const).map((v) => ({ value: v, label: RESULT_DELIVERY_LABEL_VI[v] }))}
              />
              {needs.copies && <TextInput type="number" min={1} label={t('receive.feeCopies')} {...register('feeCopies')} error={fieldError(e.feeCopies) ?? countProblem(String(feeCopies ?? ''), 'số bản', 1, 999)} />}
              {needs.pages && <TextInput type="number" min={1} label={t('receive.feePages')} {...register('feePages')} error={fieldError(e.feePages) ?? countProblem(String(feePages ?? ''), 'số trang', 1, 9999)} />}
            </SimpleGrid>
            <Textarea label={t('receive.note')} {...register('note')} error={fieldError(e.note)} autosize minRows={1} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md" pos="sticky" top={72} aria-live="polite" data-testid="live-summary">
            <Stack gap="sm">
              {procedure && appointment != null ? (
                <>
                  <div>
                    <Text size="sm" c="dimmed">{t('receive.processingTime')}</Text>
                    <Text fw={500} data-testid="processing-time">{describeProcessingTime(procedure.processingTime, procedure.cutoffRule, config.calendar.sameDayCutoff)}</Text>
                  </div>
                  <div>
                    <Text size="sm" c="dimmed">{t('receive.appointment')}</Text>
                    <Text fw={700} size="xl" data-testid="appointment">{formatVnDateTime(appointment)}</Text>
                  </div>
                  <div>
                    <Text size="sm" c="dimmed">{t('receive.fee')}</Text>
                    <Text fw={500} data-testid="fee">{fee != null ? formatMoney(fee) : t('receive.feeNeedsValidCounts')}</Text>
                    <Text size="xs" c="dimmed">{describeFee(procedure.fee)}</Text>
                  </div>
                </>
              ) : (
                <Text c="dimmed">{t('receive.chooseProcedureFirst')}</Text>
              )}
              {Object.keys(e).length > 0 && <Alert color="red" role="alert">{t('receive.fixErrors')}</Alert>}
              {saveError && (
                <Alert color="red" role="alert" title={t('receive.saveFailed')}>
                  {saveError}
                </Alert>
              )}
              <Button type="submit" size="md" loading={formState.isSubmitting}>
                {t('receive.save')}
              </Button>
              <Button variant="default" color="red" onClick={() => setRefusing(true)} data-testid="refuse-at-reception">
                {t('receive.refuse')}
              </Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <Modal opened={refusing} onClose={() => setRefusing(false)} title={t('receive.refuseTitle')}>
        <Stack>
          <Textarea label={t('receive.refuseReason')} value={refusalReason} onChange={(ev) => setRefusalReason(ev.currentTarget.value)} autosize minRows={2} data-autofocus />
          {saveError && <Alert color="red" role="alert">{saveError}</Alert>}
          <Group justify="flex-end">
            <Button color="red" onClick={() => void refuse()}>{t('receive.refuseConfirm')}</Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}

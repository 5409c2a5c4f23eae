import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Controller, useFieldArray, useForm, type FieldErrors, type Path, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import {
  Alert, Button, type ComboboxItem, Checkbox, CloseButton, Fieldset, Grid, Group, Modal, NativeSelect, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { computeAppointment, receptionDayWarning } from '@shared/calendar/workingDays';
import { formatDateKey, formatVnDateTime } from '@shared/calendar/vnTime';
import { parseCccdQr, splitScannedText } from '@shared/domain/cccdQr';
import { componentProblems, describeComponentProblems, documentProblems, receiveInputSchema, RESULT_DELIVERY_LABEL_VI, type Dossier, type ReceiveData, type ReceiveInput } from '@shared/domain/dossier';
import { COUNT_LIMITS, countProblem, documentFee, liveFee, describeFee, describeProcessingTime, feeInputs, feeRuleFor, formatMoney, type Procedure } from '@shared/domain/procedure';
import { rankProcedures } from '@shared/domain/procedurePicker';
import { db } from '../../db/instance';
import { receiveDossier, refuseAtReception } from '../../db/dossiers';
import { activeProcedures, procedureFrequencies } from '../../db/procedures';
import { discardDraft, loadDraft, saveDraft } from '../../db/drafts';
import { describeWriteError } from '../../db/errors';
import type { DeskConfig } from '../../db/settings';
import { fieldError } from '../../ui/FieldError';
import { navigate } from '../../ui/router';
import { useNow } from '../../ui/useNow';
import { ReceiptDone } from './ReceiptDone';
import { ApplicantFields } from '../applicant/ApplicantFields';
import { useSession } from '../accounts/useSession';
import { can } from '@shared/domain/roles';
import { checkWaybill } from '@shared/postal/waybill';
import { useMarkWorkInProgress } from '../../ui/workInProgress';
import { ComponentChecklist } from './ComponentChecklist';

const EMPTY: ReceiveInput = {
  procedureCode: '',
  applicant: { kind: 'person', fullName: '', idNumber: '', taxCode: '', representative: '', dateOfBirth: '', gender: '', address: '', phone: '', email: '' },
  components: [],
  documents: [],
  online: false,
  sets: 1,
  resultDelivery: 'desk',
  feeCopies: 1,
  feePages: 1,
  note: '',
};

/** Enter moves to the next field, as on paper forms; Ctrl+Enter saves. Scanners end their text with Enter. */
function focusNextField(from: HTMLElement) {
  const form = from.closest('form');
  if (!form) return;
  // Fields marked data-enter-skip (the applicant kind, "online") are reached with Tab: most dossiers never need them.
  const fields = [...form.querySelectorAll<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea, button[type=submit]')]
    .filter((el) => el === from || (el.tabIndex >= 0 && el.offsetParent !== null && !el.closest('[data-enter-skip]')));
  const next = fields[fields.indexOf(from) + 1];
  next?.focus();
}

/** A count's default is overwritten by typing, not appended to ("1" then "2" is 2, not 12). */
const selectAll = (ev: { currentTarget: HTMLInputElement }) => ev.currentTarget.select();

const blankDocument = () => ({ name: '', pages: '' as unknown as number, copies: 1 });
const isBlankDocument = (d: { name: string; pages: unknown }) => d.name.trim() === '' && String(d.pages ?? '').trim() === '';

/** An empty form has nothing worth a draft. */
const worthADraft = (v: ReceiveInput) =>
  Boolean(v.procedureCode || Object.entries(v.applicant).some(([k, x]) => k !== 'kind' && k !== 'gender' && String(x ?? '').trim() !== '') || v.note?.trim());

/** The first field the last save attempt marked, in the order the officer reads the form. */
function focusFirstProblem(form: HTMLFormElement | null) {
  const first = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-problem="true"]');
  if (!first) return;
  first.focus();
  first.scrollIntoView({ block: 'center' });
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
  const [problemRows, setProblemRows] = useState<ReadonlySet<number>>(new Set());
  const [problemCount, setProblemCount] = useState(0);
  const [draftAt, setDraftAt] = useState<number | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  // After the errors are drawn (an effect runs after the commit), so the marked fields carry aria-invalid.
  useEffect(() => {
    if (!focusTick) return;
    // react-hook-form publishes the errors in a render of its own: let it land first.
    const timer = setTimeout(() => focusFirstProblem(formRef.current), 30);
    return () => clearTimeout(timer);
  }, [focusTick]);
  const procedureInput = useRef<HTMLInputElement>(null);
  const session = useSession();
  const mayCollect = !!session && can(session.role, 'postal');
  // Postal staff mostly record dossiers they collected outside the desk; an officer ticks it when needed.
  const [collectedOutside, setCollectedOutside] = useState(session?.role === 'postal');

  const formRef = useRef<HTMLFormElement>(null);
  const procedureRef = useRef<Procedure | null>(null);
  /** A restored draft's components and documents, kept until its procedure's rows are laid out. */
  const restored = useRef<{ code: string; components: ReceiveInput['components']; documents: ReceiveInput['documents'] } | null>(null);

  // One attempt shows everything: the schema's problems and the procedure's (missing components, no document).
  const resolver = useMemo<Resolver<ReceiveInput, unknown, ReceiveData>>(() => {
    const base = zodResolver(receiveInputSchema) as unknown as Resolver<ReceiveInput, unknown, ReceiveData>;
    return async (values, context, options) => {
      const cleaned = { ...values, documents: (values.documents ?? []).filter((d) => !isBlankDocument(d)) };
      const result = await base(cleaned, context, options);
      const p = procedureRef.current;
      if (!p) return result;
      const rows = (values.components ?? []).map((c) => ({ ...c, originals: Number(c.originals) || 0, copies: Number(c.copies) || 0 }));
      const problems = componentProblems(p, rows);
      const docProblems = documentProblems(p, cleaned.documents as ReceiveData['documents']);
      setProblemRows(new Set(problems.map((x) => x.index)));
      if (problems.length === 0 && docProblems.length === 0) return result;
      const errors: FieldErrors<ReceiveInput> = { ...result.errors };
      if (problems.length) errors.components = Object.assign(errors.components ?? {}, { type: 'custom', message: describeComponentProblems(problems) });
      if (docProblems.length) errors.documents = Object.assign(errors.documents ?? {}, { type: 'custom', message: docProblems[0].message });
      return { values: {}, errors };
    };
  }, []);

  const { register, unregister, control, handleSubmit, watch, setValue, reset, setError, formState, setFocus, trigger, clearErrors, getValues } = useForm<ReceiveInput, unknown, ReceiveData>({
    resolver,
    defaultValues: EMPTY,
    shouldFocusError: false,
  });
  const documentRows = useFieldArray({ control, name: 'documents' });
  const e = formState.errors;
  useMarkWorkInProgress('reception', formState.isDirty && !saved);
  const procedureOptions = useMemo(() => (procedures ?? []).map((p) => ({ value: p.code, label: p.name })), [procedures]);
  const procedureCodes = useMemo(() => (procedures ?? []).map((p) => p.code), [procedures]);
  const frequencies = useLiveQuery(() => procedureFrequencies(db, procedureCodes), [procedureCodes]) ?? new Map<string, number>();
  const procedureCode = watch('procedureCode');
  const procedure = useMemo(() => procedures?.find((p) => p.code === procedureCode) ?? null, [procedures, procedureCode]);
  procedureRef.current = procedure;
  const components = watch('components');
  const applicantKind = watch('applicant.kind') ?? 'person';
  const [feeCopies, documents, online] = watch(['feeCopies', 'documents', 'online']);
  const resultDelivery = watch('resultDelivery');
  const inboundWaybill = watch('postal.inboundWaybill') ?? '';
  const waybillCheck = collectedOutside && inboundWaybill.trim() ? checkWaybill(inboundWaybill, config.waybillPatterns) : null;
  const waybillProblem = waybillCheck && !waybillCheck.ok && (formState.isSubmitted || formState.touchedFields.postal?.inboundWaybill) ? waybillCheck.message : null;

  useEffect(() => {
    if (collectedOutside) {
      setValue('postal', { collectedAt: formatVnDateTime(Date.now()), place: '', inboundWaybill: '', postalFee: 0 });
      setValue('resultDelivery', 'post');
    } else {
      unregister('postal');
    }
  }, [collectedOutside, setValue, unregister]);

  useEffect(() => {
    const r = restored.current;
    const own = r && r.code === procedure?.code ? r : null;
    restored.current = own ? null : restored.current;
    setValue(
      'components',
      own?.components ?? (procedure?.components ?? []).map((c) => ({ componentId: c.id, name: c.name, submitted: false, originals: c.originals, copies: c.copies })),
    );
    setValue('documents', own?.documents ?? (procedure?.fee.kind === 'per_page' ? [blankDocument()] : []));
    setProblemRows(new Set());
  }, [procedure, setValue]);

  // The draft: restored once on arrival, then kept up to date as the officer types.
  useEffect(() => {
    let gone = false;
    loadDraft(db)
      .then((draft) => {
        if (gone || !draft) return;
        const data = draft.data as ReceiveInput;
        restored.current = { code: data.procedureCode, components: data.components, documents: data.documents ?? [] };
        reset({ ...EMPTY, ...data, applicant: { ...EMPTY.applicant, ...data.applicant } });
        setDraftAt(draft.updatedAt);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [reset]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = watch(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const values = getValues();
        if (worthADraft(values)) saveDraft(db, values).catch(() => undefined);
      }, 400);
    });
    return () => {
      clearTimeout(timer);
      sub.unsubscribe();
    };
  }, [watch, getValues]);

  useEffect(() => {
    if (!saved) procedureInput.current?.focus();
  }, [saved]);

  const appointment = procedure ? computeAppointment(now, procedure.processingTime, procedure.cutoffRule, config.calendar) : null;
  // No fee is shown for 0, −1 or 2.5 pages: the field says what is wrong instead.
  const rule = procedure ? feeRuleFor(procedure, Boolean(online)) : null;
  const liveDocuments = (documents ?? []).filter((d) => !isBlankDocument(d)).map((d) => ({ pages: String(d.pages ?? ''), copies: String(d.copies ?? '') }));
  const fee = rule ? liveFee(rule, { copies: String(feeCopies ?? ''), documents: liveDocuments }) : null;
  const needs = rule ? feeInputs(rule) : { copies: false, documents: false };
  const rowFee = (d: { pages: unknown; copies: unknown }) =>
    rule?.kind === 'per_page' && !countProblem(String(d.pages ?? ''), 'số trang', 1, COUNT_LIMITS.pages) && !countProblem(String(d.copies ?? ''), 'số bản', 1, COUNT_LIMITS.copies)
      ? formatMoney(documentFee(rule, { pages: Number(d.pages), copies: Number(d.copies) }))
      : '–';

  const onSubmit = async (data: ReceiveData) => {
    if (!procedure) return;
    if (data.postal) {
      const w = checkWaybill(data.postal.inboundWaybill, config.waybillPatterns);
      if (!w.ok) {
        setError('postal.inboundWaybill', { message: w.message });
        return;
      }
    }
    setSaveError(null);
    setProblemCount(0);
    try {
      setSaved(await receiveDossier(db, data));
      setScan(null);
      setDraftAt(null);
    } catch (err) {
      setSaveError(describeWriteError(err));
    }
  };
  const onInvalid = (errors: FieldErrors<ReceiveInput>) => {
    setProblemCount(countErrors(errors));
    setFocusTick((n) => n + 1);
  };
  const submit = handleSubmit(onSubmit, onInvalid);

  // Refusal at reception: the applicant is recorded, the dossier goes straight to status 3 and form 03.
  const refuse = handleSubmit(async (data: ReceiveData) => {
    setSaveError(null);
    try {
      const d = await refuseAtReception(db, data, refusalReason);
      setRefusing(false);
      setRefusalReason('');
      reset(EMPTY);
      setDraftAt(null);
      await discardDraft(db).catch(() => undefined);
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
    if (target instanceof HTMLSelectElement) {
      ev.preventDefault();
      focusNextField(target);
      return;
    }
    if (target instanceof HTMLInputElement && target.type === 'checkbox') {
      // A component box or "online": Enter leaves it (Space ticks).
      ev.preventDefault();
      focusNextField(target);
      return;
    }
    const docRow = target.closest<HTMLElement>('[data-document-row]');
    if (docRow && target instanceof HTMLInputElement) {
      ev.preventDefault();
      onDocumentEnter(Number(docRow.dataset.documentRow), target);
      return;
    }
    if (target instanceof HTMLInputElement) {
      let chosen = ev.defaultPrevented || !target.closest('[data-procedure]');
      if (!chosen) {
        // Typed faster than the picker highlighted an option: take the best match, as it would.
        const best = rankProcedures(procedureOptions, target.value, frequencies)[0];
        if (best) setValue('procedureCode', best.value, { shouldValidate: true });
        chosen = Boolean(best);
      }
      ev.preventDefault();
      if (chosen) focusNextField(target);
    }
  };

  /** Enter in a document row: on to the next cell; from the last row's copies a new row; an empty row moves on. */
  const onDocumentEnter = (index: number, field: HTMLInputElement) => {
    const rows = getValues('documents') ?? [];
    const last = index === rows.length - 1;
    if (last && rows.length > 1 && isBlankDocument(rows[index])) {
      documentRows.remove(index);
      setTimeout(() => {
        const after = formRef.current?.querySelector<HTMLElement>('[data-after-documents] input, [data-after-documents] select');
        after?.focus();
      }, 0);
      return;
    }
    if (field.dataset.cell === 'copies' && last && !isBlankDocument(rows[index])) {
      documentRows.append(blankDocument(), { shouldFocus: true, focusName: `documents.${index + 1}.name` });
      return;
    }
    focusNextField(field);
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
    if (getValues('applicant.kind') === 'organisation') {
      // The card is the representative's: the organisation's own name and address stay as typed.
      setValue('applicant.representative', d.fullName, opts);
      setValue('applicant.idNumber', d.idNumber, opts);
      setScan({ ok: true, text: t('receive.scanOk', { name: d.fullName }) });
      setFocus('applicant.phone');
      return;
    }
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
    if (collectedOutside) {
      setValue('postal', { collectedAt: formatVnDateTime(Date.now()), place: '', inboundWaybill: '', postalFee: 0 });
      setValue('resultDelivery', 'post');
    }
    setSaved(null);
    setSaveError(null);
    setProblemCount(0);
  };
  const dropDraft = () => {
    restored.current = null;
    reset(EMPTY);
    if (collectedOutside) {
      setValue('postal', { collectedAt: formatVnDateTime(Date.now()), place: '', inboundWaybill: '', postalFee: 0 });
      setValue('resultDelivery', 'post');
    }
    setDraftAt(null);
    setProblemCount(0);
    void discardDraft(db).catch(() => undefined);
    procedureInput.current?.focus();
  };

  if (saved) return <ReceiptDone dossier={saved} config={config} onNext={startNext} onOpen={() => navigate(`dossier/${saved.id}`)} />;

  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={onFormKeyDown} noValidate aria-label={t('receive.title')}>
      <Grid>
        <Grid.Col span={{ base: 12, xs: 8 }}>
          <Stack>
            <Title order={2}>{t('receive.title')}</Title>
            {dayWarning && <Alert color="yellow" data-testid="day-off-warning">{dayWarning}</Alert>}
            {draftAt != null && (
              <Alert color="blue" data-testid="draft-restored">
                <Group justify="space-between" gap="xs">
                  <Text size="sm">{t('intake.draftRestored', { at: formatVnDateTime(draftAt) })}</Text>
                  <Button size="xs" variant="default" onClick={dropDraft}>{t('intake.discardDraft')}</Button>
                </Group>
              </Alert>
            )}
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
                    filter={({ options, search }) => rankProcedures(options as ComboboxItem[], search, frequencies)}
                    error={fieldError(e.procedureCode)}
                    maxDropdownHeight={320}
                  />
                )}
              />
            </div>
            {mayCollect && (
              <Checkbox
                label={t('postal.collectedOutside')}
                checked={collectedOutside}
                onChange={(ev) => setCollectedOutside(ev.currentTarget.checked)}
                data-testid="collected-outside"
                data-enter-skip
              />
            )}
            {collectedOutside && (
              <Fieldset legend={t('postal.intakeLegend')} data-testid="postal-intake">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('postal.collectedAt')} {...register('postal.collectedAt')} error={fieldError(e.postal?.collectedAt)} />
                  <TextInput
                    label={t('postal.inboundWaybill')}
                    description={waybillCheck?.ok ? t('postal.waybillOk', { value: waybillCheck.value }) : t('postal.waybillHelp')}
                    {...register('postal.inboundWaybill')}
                    error={fieldError(e.postal?.inboundWaybill) ?? waybillProblem}
                    autoComplete="off"
                    data-testid="inbound-waybill"
                    data-scan-field
                  />
                  <TextInput label={t('postal.place')} {...register('postal.place')} error={fieldError(e.postal?.place)} />
                  <TextInput type="number" min={0} label={t('postal.postalFee')} {...register('postal.postalFee')} error={fieldError(e.postal?.postalFee)} />
                </SimpleGrid>
              </Fieldset>
            )}
            <Fieldset legend={t('receive.applicant')} data-applicant>
              <Text size="sm" c="dimmed" mb="xs">{t('receive.scanHint')}</Text>
              {scan && (
                <Alert color={scan.ok ? 'green' : 'red'} mb="sm" role={scan.ok ? 'status' : 'alert'} withCloseButton onClose={() => setScan(null)}>
                  {scan.text}
                </Alert>
              )}
              <ApplicantFields register={register} errors={e.applicant} prefix="applicant." kind={applicantKind} withKind />
            </Fieldset>
            <Fieldset legend={t('receive.components')}>
              {procedure ? (
                <ComponentChecklist procedure={procedure} rows={components} register={register} setValue={setValue} errors={e.components} problemRows={problemRows} />
              ) : (
                <Text c="dimmed" size="sm">{t('receive.chooseProcedureFirst')}</Text>
              )}
              {e.components?.message && <Text c="red" size="sm" data-testid="components-problem">{e.components.message}</Text>}
            </Fieldset>
            {needs.documents && (
              <Fieldset legend={t('intake.documents')} data-testid="copy-documents">
                <Text size="xs" c="dimmed" mb={4}>{t('intake.documentsHint')}</Text>
                <Table withRowBorders={false} verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('intake.documentName')}</Table.Th>
                      <Table.Th w={100}>{t('intake.documentPages')}</Table.Th>
                      <Table.Th w={90}>{t('intake.documentCopies')}</Table.Th>
                      <Table.Th w={100} ta="right">{t('intake.documentFee')}</Table.Th>
                      <Table.Th w={36} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {documentRows.fields.map((row, i) => {
                      const d = documents?.[i] ?? row;
                      const pagesProblem = String(d.pages ?? '').trim() === '' && !formState.isSubmitted ? null : countProblem(String(d.pages ?? ''), 'số trang', 1, COUNT_LIMITS.pages);
                      return (
                        <Table.Tr key={row.id} data-document-row={i}>
                          <Table.Td>
                            <TextInput aria-label={`${t('intake.documentName')} ${i + 1}`} placeholder={t('intake.documentPlaceholder', { n: i + 1 })} data-cell="name" {...register(`documents.${i}.name`)} error={fieldError(e.documents?.[i]?.name)} />
                          </Table.Td>
                          <Table.Td>
                            <TextInput type="number" min={1} aria-label={`${t('intake.documentPages')} ${i + 1}`} data-cell="pages" onFocus={selectAll} {...register(`documents.${i}.pages`)} error={isBlankDocument(d) && i > 0 ? undefined : (fieldError(e.documents?.[i]?.pages) ?? pagesProblem)} />
                          </Table.Td>
                          <Table.Td>
                            <TextInput type="number" min={1} aria-label={`${t('intake.documentCopies')} ${i + 1}`} data-cell="copies" onFocus={selectAll} {...register(`documents.${i}.copies`)} error={fieldError(e.documents?.[i]?.copies) ?? countProblem(String(d.copies ?? ''), 'số bản', 1, COUNT_LIMITS.copies)} />
                          </Table.Td>
                          <Table.Td ta="right" data-testid={`document-fee-${i}`}>{rowFee(d)}</Table.Td>
                          <Table.Td>
                            {documentRows.fields.length > 1 && <CloseButton aria-label={t('intake.removeDocument', { n: i + 1 })} onClick={() => documentRows.remove(i)} />}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
                <Button variant="light" size="xs" mt="xs" onClick={() => documentRows.append(blankDocument(), { shouldFocus: true, focusName: `documents.${documentRows.fields.length}.name` })}>
                  {t('intake.addDocument')}
                </Button>
                {e.documents?.message && <Text c="red" size="sm" data-problem="true" tabIndex={-1}>{e.documents.message}</Text>}
              </Fieldset>
            )}
            <SimpleGrid cols={{ base: 1, sm: 4 }} data-after-documents>
              <TextInput type="number" min={1} label={t('receive.sets')} {...register('sets')} error={fieldError(e.sets)} />
              <NativeSelect
                label={t('receive.delivery')}
                {...register('resultDelivery')}
                data={(['desk', 'post'] as const).map((v) => ({ value: v, label: RESULT_DELIVERY_LABEL_VI[v] }))}
              />
              {needs.copies && <TextInput type="number" min={1} label={t('receive.feeCopies')} {...register('feeCopies')} error={fieldError(e.feeCopies) ?? countProblem(String(feeCopies ?? ''), 'số bản', 1, 999)} />}
              <div data-enter-skip>
                <Checkbox mt={30} label={t('intake.online')} {...register('online')} />
              </div>
            </SimpleGrid>
            {resultDelivery === 'post' && (
              <TextInput label={t('postal.deliveryAddress')} description={t('postal.deliveryAddressHelp')} {...register('deliveryAddress')} error={fieldError(e.deliveryAddress)} />
            )}
            <Textarea label={t('receive.note')} {...register('note')} error={fieldError(e.note)} autosize minRows={1} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 4 }}>
          <Paper withBorder p="md" pos="sticky" top={72} data-testid="live-summary">
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
                    <Text fw={500} data-testid="fee" aria-live="polite">{fee != null ? formatMoney(fee) : t('receive.feeNeedsValidCounts')}</Text>
                    <Text size="xs" c="dimmed">{describeFee(rule ?? procedure.fee)}</Text>
                    {procedure.onlineFee && !online && <Text size="xs" c="dimmed">{t('intake.onlineFee', { fee: describeFee(procedure.onlineFee) })}</Text>}
                  </div>
                </>
              ) : (
                <Text c="dimmed">{t('receive.chooseProcedureFirst')}</Text>
              )}
              {problemCount > 0 && Object.keys(e).length > 0 && <Alert color="red" role="alert" data-testid="problems">{t('intake.problems', { count: problemCount })}</Alert>}
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

/** Fields with a problem: each leaf message once (a list's own message counts as one). */
function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  const e = errors as Record<string, unknown>;
  let n = typeof e.message === 'string' ? 1 : 0;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'message' || k === 'type' || k === 'ref' || k === 'root' || k === 'types') continue;
    n += countErrors(v);
  }
  return n;
}

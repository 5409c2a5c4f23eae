// The scan editor of one slot (a component or the result): pages come in by drag-and-drop, the file picker
// or the scanner's hot folder; they are shown as thumbnails with a larger preview, and can be moved,
// turned and deleted, by mouse or keyboard; Ctrl+Enter keeps the assembled PDF.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, Alert, Box, Button, Group, Image, Loader, Modal, Paper, ScrollArea, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { appendScans, arrangePages, pdfPageCount, type PageEdit, type ScanInput } from '@shared/scans/assemble';
import { ScanError, checkScanFileSize, formatMb } from '@shared/scans/rules';
import { db } from '../../db/instance';
import { saveScan, scanPdfBytes, type ScanFile } from '../../db/scans';
import { describeWriteError } from '../../db/errors';
import { browserDecodeCheck, openPdf, renderPage, type RenderedDoc } from './pdfRender';
import { StorageUsage } from './StorageUsage';

/** A file handed to the editor: dropped or picked (a File) or read from the hot folder (bytes). */
export type IncomingScan = { name: string; file: File } | { name: string; bytes: Uint8Array };

export const SCAN_ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

/** Reads incoming files, refusing an empty or too large one by its size before reading it. */
export async function readIncoming(files: readonly IncomingScan[]): Promise<{ inputs: ScanInput[]; refused: { name: string; message: string }[] }> {
  const inputs: ScanInput[] = [];
  const refused: { name: string; message: string }[] = [];
  for (const f of files) {
    try {
      if ('file' in f) {
        checkScanFileSize(f.name, f.file.size);
        inputs.push({ name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) });
      } else {
        checkScanFileSize(f.name, f.bytes.byteLength);
        inputs.push({ name: f.name, bytes: f.bytes });
      }
    } catch (e) {
      refused.push({ name: f.name, message: e instanceof ScanError ? e.message : `Không đọc được tệp "${f.name}".` });
    }
  }
  return { inputs, refused };
}

export function ScanEditor({
  dossierId,
  slot,
  label,
  fileName,
  existing,
  incoming,
  dpi,
  readOnly = false,
  onClose,
}: {
  dossierId: string;
  slot: string;
  label: string;
  fileName: string;
  existing: ScanFile | undefined;
  /** Files to add as the editor opens (a drop on the dossier page, the hot folder). */
  incoming: readonly IncomingScan[];
  dpi: number;
  /** A supervisor's view: pages and preview, nothing to change. */
  readOnly?: boolean;
  /** `saved`: the new PDF was kept. */
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [base, setBase] = useState<Uint8Array | null>(null);
  const [pages, setPages] = useState<PageEdit[]>([]);
  const [selected, setSelected] = useState(0);
  const [thumbs, setThumbs] = useState<Record<number, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<{ name: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const [changed, setChanged] = useState(false);
  const doc = useRef<RenderedDoc | null>(null);
  // The pdf.js document of the current base, once open: the preview waits for it.
  const [openDoc, setOpenDoc] = useState<RenderedDoc | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const pageRefs = useRef<(HTMLDivElement | null)[]>([]);
  const baseRef = useRef<Uint8Array | null>(null);
  const urls = useRef<string[]>([]);

  // Adds run one after another (a second drop while the first is read waits for it).
  const queue = useRef<Promise<void>>(Promise.resolve());
  const addNow = useCallback(
    async (files: readonly IncomingScan[]) => {
      if (files.length === 0) return;
      setBusy(true);
      setError(null);
      setNote(null);
      try {
        const { inputs, refused: early } = await readIncoming(files);
        let late: { name: string; message: string }[] = [];
        if (inputs.length > 0) {
          const before = baseRef.current;
          const beforeCount = before ? await pdfPageCount(before) : 0;
          const result = await appendScans(before, inputs, { dpi, decodeCheck: browserDecodeCheck, title: fileName });
          late = result.refused;
          const addedPages = result.pageCount - beforeCount;
          if (addedPages > 0) {
            baseRef.current = result.pdf;
            setBase(result.pdf);
            setPages((p) => [...p, ...Array.from({ length: addedPages }, (_, k) => ({ index: beforeCount + k, rotate: 0 }))]);
            setChanged(true);
            setNote(t('scans.added', { pages: addedPages, files: result.added.length }));
          }
        }
        setRefused([...early, ...late]);
      } catch (e) {
        setError(describeWriteError(e));
      } finally {
        setBusy(false);
      }
    },
    [dpi, fileName, t],
  );
  const add = useCallback((files: readonly IncomingScan[]) => (queue.current = queue.current.then(() => addNow(files))), [addNow]);

  // The stored PDF first, then what came with the opening.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (existing) {
        try {
          const bytes = await scanPdfBytes(existing);
          if (cancelled) return;
          baseRef.current = bytes;
          setBase(bytes);
          setPages(Array.from({ length: existing.pageCount }, (_, index) => ({ index, rotate: 0 })));
        } catch (e) {
          setError(describeWriteError(e));
        }
      }
      setBusy(false);
      if (!cancelled) await add(incoming);
    })();
    return () => {
      cancelled = true;
    };
    // Only once, as the editor opens.
  }, []);

  const thumbRef = useRef(thumbs);
  thumbRef.current = thumbs;

  // Thumbnails of new pages (old ones keep theirs: appending never moves a page of the base).
  useEffect(() => {
    if (!base) return;
    let cancelled = false;
    void (async () => {
      const old = doc.current;
      const opened = await openPdf(base).catch(() => null);
      if (!opened || cancelled) return;
      doc.current = opened;
      setOpenDoc(opened);
      void old?.destroy();
      for (let i = 0; i < opened.numPages; i++) {
        if (cancelled) return;
        if (thumbRef.current[i] !== undefined) continue;
        try {
          const url = await renderPage(opened, i, 240);
          urls.current.push(url);
          if (!cancelled) setThumbs((m) => ({ ...m, [i]: url }));
        } catch {
          // a page pdf.js cannot draw keeps its number without a picture
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [base]);

  // The larger preview of the selected page, turned as it will be kept.
  const current = pages[selected];
  useEffect(() => {
    if (!current || !openDoc) {
      setPreview(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      void (async () => {
        const d = openDoc;
        if (!d || current.index >= d.numPages) return;
        try {
          const url = await renderPage(d, current.index, 1100, current.rotate);
          urls.current.push(url);
          if (!cancelled) setPreview(url);
        } catch {
          if (!cancelled) setPreview(null);
        }
      })();
    }, 60);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [current?.index, current?.rotate, openDoc]);

  useEffect(
    () => () => {
      urls.current.forEach((u) => URL.revokeObjectURL(u));
      void doc.current?.destroy();
    },
    [],
  );

  // The focus follows the page moved or selected in the same render (a key pressed right after lands on it).
  const [focusReq, setFocusReq] = useState<{ i: number; n: number } | null>(null);
  const focusPage = (i: number) => setFocusReq((r) => ({ i, n: (r?.n ?? 0) + 1 }));
  useLayoutEffect(() => {
    if (focusReq) pageRefs.current[focusReq.i]?.focus();
  }, [focusReq]);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= pages.length) return;
    setPages((p) => {
      const next = [...p];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item);
      return next;
    });
    setSelected(to);
    setChanged(true);
    focusPage(to);
  };
  const rotate = (i: number, by = 90) => {
    setPages((p) => p.map((x, k) => (k === i ? { ...x, rotate: (((x.rotate + by) % 360) + 360) % 360 } : x)));
    setChanged(true);
  };
  const remove = (i: number) => {
    setPages((p) => p.filter((_, k) => k !== i));
    const next = Math.max(0, Math.min(i, pages.length - 2));
    setSelected(next);
    setChanged(true);
    focusPage(next);
  };

  // Saving waits for files still being read, then takes the pages as they are at that moment.
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const savingRef = useRef(false);
  const save = async () => {
    if (readOnly || savingRef.current) return;
    savingRef.current = true;
    setSaving(true);
    setError(null);
    try {
      await queue.current;
      const current = baseRef.current;
      const order = pagesRef.current;
      if (!current || order.length === 0) {
        setError(t('scans.noPagesLeft'));
        return;
      }
      const final = await arrangePages(current, order, fileName);
      await saveScan(db, { dossierId, slot, pdf: final.pdf, pageCount: final.pageCount });
      onClose(true);
    } catch (e) {
      // Nothing is lost: the pages stay in the editor, and the stored version is unchanged.
      setError(describeWriteError(e));
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  };

  // Ctrl+Enter saves wherever the focus is while the editor is open (a closed alert leaves it on the body).
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        e.stopPropagation();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Closing with pages added or moved and not kept asks first: a scan is work the worker must not lose.
  const close = () => {
    if (saving) return;
    if (changed && !window.confirm(t('scans.discardConfirm'))) return;
    onClose(false);
  };

  const onPageKey = (e: React.KeyboardEvent, i: number) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      e.preventDefault();
      if (e.altKey && !readOnly) move(i, i - 1);
      else if (i > 0) {
        setSelected(i - 1);
        focusPage(i - 1);
      }
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      e.preventDefault();
      if (e.altKey && !readOnly) move(i, i + 1);
      else if (i < pages.length - 1) {
        setSelected(i + 1);
        focusPage(i + 1);
      }
    } else if (readOnly) {
      return;
    } else if (e.key === 'r' || e.key === 'R') {
      e.preventDefault();
      rotate(i, e.shiftKey ? -90 : 90);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      remove(i);
    }
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    const files = [...e.dataTransfer.files].map((file) => ({ name: file.name, file }));
    void add(files);
  };

  return (
    <Modal
      opened
      onClose={close}
      size="min(1200px, 96vw)"
      title={t(readOnly ? 'scans.viewTitle' : 'scans.editorTitle', { label })}
      closeOnEscape={!saving}
      data-testid="scan-editor"
    >
      <Stack>
        {!readOnly && <Paper
          withBorder
          p="md"
          data-testid="scan-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
          style={{ borderStyle: 'dashed', borderWidth: 2, background: dragOver ? 'var(--mantine-color-blue-0)' : undefined }}
        >
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{t('scans.dropHere')}</Text>
            <Button variant="light" onClick={() => picker.current?.click()} disabled={saving} data-autofocus data-testid="scan-pick">{t('scans.pick')}</Button>
            <input
              ref={picker}
              type="file"
              multiple
              accept={SCAN_ACCEPT}
              hidden
              data-testid="scan-file-input"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])].map((file) => ({ name: file.name, file }));
                e.currentTarget.value = '';
                void add(files);
              }}
            />
          </Group>
          <Text size="xs" c="dimmed" mt={4}>{t('scans.formats', { dpi })}</Text>
        </Paper>}
        {busy && <Group gap="xs"><Loader size="sm" /><Text size="sm">{t('scans.reading')}</Text></Group>}
        {note && !busy && <Text size="sm" c="green" data-testid="scan-note">{note}</Text>}
        {refused.length > 0 && (
          <Alert color="red" role="alert" title={t('scans.refusedTitle', { count: refused.length })} data-testid="scan-refused" withCloseButton onClose={() => setRefused([])}>
            <Stack gap={4}>{refused.map((r, k) => <Text key={k} size="sm">{r.message}</Text>)}</Stack>
          </Alert>
        )}
        {error && <Alert color="red" role="alert" data-testid="scan-error">{error}</Alert>}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap="xs">
            <Text size="sm" fw={500}>{t('scans.pagesTitle', { count: pages.length })}</Text>
            {pages.length === 0 && !busy && <Text size="sm" c="dimmed">{t('scans.noPages')}</Text>}
            <ScrollArea.Autosize mah="60vh" type="auto">
              <Stack gap={6} role="listbox" aria-label={t('scans.pagesTitle', { count: pages.length })} data-testid="scan-pages">
                {pages.map((p, i) => (
                  <Paper
                    key={`${p.index}-${i}`}
                    withBorder
                    p={6}
                    ref={(el) => {
                      pageRefs.current[i] = el;
                    }}
                    tabIndex={i === selected ? 0 : -1}
                    role="option"
                    aria-selected={i === selected}
                    aria-label={t('scans.pageAria', { n: i + 1, rotate: p.rotate })}
                    data-testid="scan-page"
                    data-source-page={p.index}
                    data-rotate={p.rotate}
                    onClick={() => setSelected(i)}
                    onFocus={() => setSelected(i)}
                    onKeyDown={(e) => onPageKey(e, i)}
                    style={{ outline: i === selected ? '2px solid var(--mantine-color-blue-6)' : undefined, cursor: 'pointer' }}
                  >
                    <Group wrap="nowrap" gap="sm">
                      <Text w={28} ta="right" fw={600}>{i + 1}</Text>
                      <Box w={72} h={72} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'hidden' }}>
                        {thumbs[p.index] ? (
                          <Image src={thumbs[p.index]} alt="" maw={72} mah={72} fit="contain" style={{ transform: `rotate(${p.rotate}deg)`, border: '1px solid var(--mantine-color-gray-3)' }} />
                        ) : (
                          <Loader size="xs" />
                        )}
                      </Box>
                      {!readOnly && <Group gap={4} ml="auto" wrap="nowrap">
                        <Tooltip label={t('scans.moveUp')}><ActionIcon variant="default" aria-label={t('scans.moveUp')} disabled={i === 0} onClick={(e) => { e.stopPropagation(); move(i, i - 1); }} data-testid="page-up">↑</ActionIcon></Tooltip>
                        <Tooltip label={t('scans.moveDown')}><ActionIcon variant="default" aria-label={t('scans.moveDown')} disabled={i === pages.length - 1} onClick={(e) => { e.stopPropagation(); move(i, i + 1); }} data-testid="page-down">↓</ActionIcon></Tooltip>
                        <Tooltip label={t('scans.rotate')}><ActionIcon variant="default" aria-label={t('scans.rotate')} onClick={(e) => { e.stopPropagation(); rotate(i); }} data-testid="page-rotate">⟳</ActionIcon></Tooltip>
                        <Tooltip label={t('scans.deletePage')}><ActionIcon variant="default" color="red" aria-label={t('scans.deletePage')} onClick={(e) => { e.stopPropagation(); remove(i); }} data-testid="page-delete">✕</ActionIcon></Tooltip>
                      </Group>}
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </ScrollArea.Autosize>
            {pages.length > 0 && !readOnly && <Text size="xs" c="dimmed">{t('scans.keys')}</Text>}
          </Stack>
          <Paper withBorder p="xs" mih={300} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }} data-testid="scan-preview">
            {preview ? <Image src={preview} alt={t('scans.previewAlt', { n: selected + 1 })} mah="62vh" fit="contain" data-testid="scan-preview-image" /> : <Text size="sm" c="dimmed">{t('scans.noPreview')}</Text>}
          </Paper>
        </SimpleGrid>
        <Group justify="space-between">
          <StorageUsage extra={base ? t('scans.workingSize', { size: formatMb(base.byteLength) }) : undefined} />
          <Group>
            <Button variant="default" onClick={close} disabled={saving}>{readOnly ? t('scans.close') : t('scans.cancel')}</Button>
            {!readOnly && <Button onClick={() => void save()} loading={saving} disabled={busy || !base || (!changed && !!existing)} data-testid="scan-save">{t('scans.save')}</Button>}
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

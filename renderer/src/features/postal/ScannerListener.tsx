// A barcode scanner typing a waybill, a dossier code or a handover slip's batch code, then Enter,
// anywhere in the app opens what it names. See ui/scannerBurst.ts for how a scan is told from typing.
// Fields marked data-scan-field take scans themselves (a new dossier's waybill).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { codeRegex, parseCodePattern } from '@shared/codes/dossierCode';
import { looksLikeWaybill } from '@shared/postal/waybill';
import { db } from '../../db/instance';
import { findBatchByCode, findByScan } from '../../db/postal';
import type { DeskConfig } from '../../db/settings';
import { ScannerBurst } from '../../ui/scannerBurst';
import { navigate } from '../../ui/router';

const BATCH_CODE = /^B[GT]-\d{1,2}-\d{6}-\d{2,}$/;

function isTextField(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(el.type);
}

/** Gives the field back what the person had typed before the scanner wrote into it. */
function removeScanned(field: HTMLInputElement | HTMLTextAreaElement, scanned: string) {
  if (!field.value.endsWith(scanned)) return;
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, field.value.slice(0, -scanned.length));
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export function ScannerListener({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const burst = useRef(new ScannerBurst());
  const configRef = useRef(config);
  configRef.current = config;

  useEffect(() => {
    const looksLikeCode = (text: string) => {
      const c = configRef.current;
      if (BATCH_CODE.test(text) || looksLikeWaybill(text, c.waybillPatterns)) return true;
      try {
        return !!c.office && codeRegex(parseCodePattern(c.codePattern), c.office.agencyCode).test(text);
      } catch {
        return false;
      }
    };
    const open = async (text: string) => {
      if (BATCH_CODE.test(text)) {
        const batch = await findBatchByCode(db, text);
        if (batch) return navigate(`batch/${batch.id}`);
      } else {
        const dossier = await findByScan(db, text);
        if (dossier) return navigate(`dossier/${dossier.id}`);
      }
      notifications.show({ color: 'yellow', message: t('postal.scanNotFound', { code: text }) });
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const now = performance.now();
      if (e.key.length === 1) {
        burst.current.key(e.key, now);
        return;
      }
      if (e.key !== 'Enter') return;
      // A field meant to take a scanned number (the waybill of a new intake) keeps it.
      if (e.target instanceof Element && e.target.closest('[data-scan-field]')) {
        burst.current.reset();
        return;
      }
      const inField = isTextField(e.target);
      const text = burst.current.enter(now, inField);
      if (!text || !looksLikeCode(text.trim())) return;
      e.preventDefault();
      e.stopPropagation();
      if (inField) removeScanned(e.target as HTMLInputElement, text);
      void open(text.trim());
    };
    // Capture phase: before the forms' own Enter handling (the reception form moves to the next field).
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [t]);
  return null;
}

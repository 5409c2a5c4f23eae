// Inputs of the official forms (Thông tư 03/2025/TT-VPCP, Phụ lục I) and the shapes the layout engine
// exposes. Everything here is plain data: the renderer, Electron main and Node tests fill it alike.
import type { DateKey } from '../calendar/vnTime';
import type { Dossier, ResultDelivery } from '../domain/dossier';
import type { OfficeSettings } from '../domain/settings';

/** The four faces of a Times-metric serif (Tinos) as raw TTF bytes. */
export interface FormFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
}

export type FontKey = keyof FormFonts;
export type PaperSize = 'A4' | 'A5';
export type FormKind = '01' | '02' | '03' | '04' | '05' | '06' | '07';
export const FORM_KINDS: readonly FormKind[] = ['01', '02', '03', '04', '05', '06', '07'];

/** Who signs at the bottom. `title` may hold several lines separated by "\n" (e.g. "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"). */
export interface SignerInput {
  title?: string;
  note?: string;
  name?: string;
}

interface CommonInput {
  office: OfficeSettings;
  /** Forms 01–06 default to A5. */
  paperSize?: PaperSize;
  /** Date on the place/date line. Defaults to the form's natural date (e.g. the time received for form 01). */
  issuedAt?: number;
  /** "Số: …" — printed as a blank to fill in by hand when absent. */
  documentNo?: string;
  /** Place name on the place/date line; defaults to the commune name ("Xã …" added when it has no prefix). */
  placeName?: string;
}

export interface Form01Input extends CommonInput {
  dossier: Dossier;
  /** The receiving officer, printed under "NGƯỜI TIẾP NHẬN HỒ SƠ". */
  officerName: string;
  /** Tracking book reference: Quyển số, Số thứ tự. */
  bookNo?: string;
  sequenceNo?: string | number;
  /** Whether the procedure follows the 15:00 rule (only changes the wording of a same-day time). */
  cutoffRule?: boolean;
  /** Replaces the computed wording of the legal processing time. */
  processingTimeText?: string;
  /** Copies in the PDF: 2 (citizen + archive, default) or 1. */
  copies?: 1 | 2;
}

/** One component the citizen must add (form 02). */
export interface SupplementItem {
  name: string;
  /** As the officer entered them; null = not entered, printed blank. */
  originals: number | null;
  certifiedCopies: number | null;
  photocopies: number | null;
  note?: string;
}

export interface Form02Input extends CommonInput {
  dossier: Dossier;
  items: SupplementItem[];
  reason: string;
  officerName: string;
  officerPhone?: string;
  officerEmail?: string;
}

export interface Form03Input extends CommonInput {
  dossier: Dossier;
  reason: string;
  officerName: string;
}

export interface Form04Input extends CommonInput {
  dossier: Dossier;
  /** The appointment first promised and the new one. */
  originalAppointmentAt: number;
  newAppointmentAt: number;
  reason: string;
  signer?: SignerInput;
  /** "Nơi nhận:" lines; defaults from the template. */
  recipients?: string[];
}

export interface Form05Input extends CommonInput {
  dossier: Dossier;
  reason: string;
  signer?: SignerInput;
  recipients?: string[];
}

/** One hand-over of the dossier (form 06), from the dossier's history. */
export interface HandoverStep {
  /** Giving side (agency or unit) and the person who hands over. */
  from: string;
  fromPerson?: string;
  /** Receiving side and person. */
  to: string;
  toPerson?: string;
  at: number;
  /** Trước hạn / Đúng hạn / Quá hạn, or free text. */
  result?: string;
  note?: string;
}

export interface Form06Input extends CommonInput {
  dossier: Dossier;
  steps: HandoverStep[];
  /** Cơ quan (bộ phận) giải quyết hồ sơ; defaults to dossier.resultAgency. */
  resultAgency?: string;
  /** Cơ quan phối hợp giải quyết hồ sơ. */
  coordinatingAgencies?: string;
}

/** One line of the tracking book (form 07). */
export interface TrackingRow {
  code: string;
  procedureName: string;
  applicantName: string;
  address: string;
  phone: string;
  resultAgency: string;
  receivedAt: number;
  appointmentAt: number;
  returnedAt: number | null;
  resultDelivery: ResultDelivery | string;
  sets?: number;
  note?: string;
  /** How the dossier ended when it ended without a result (refused, withdrawn, stopped) or waits. */
  outcome?: string;
}

export interface Form07Input {
  office: OfficeSettings;
  /** Inclusive range of reception days, `YYYY-MM-DD` in Vietnam time. */
  from: DateKey;
  to: DateKey;
  rows: TrackingRow[];
  bookNo?: string;
  issuedAt?: number;
  placeName?: string;
}

/** One dossier (or result) on a handover slip. */
export interface HandoverRow {
  code: string;
  waybill: string;
  applicantName: string;
  procedureName: string;
  sets: number;
  note?: string;
}

/** The handover slip (biên bản bàn giao) of a postal batch, in either direction. */
export interface HandoverSlipInput {
  office: OfficeSettings;
  kind: 'intake' | 'return';
  batchCode: string;
  handoverAt: number;
  giverSide: string;
  giverName: string;
  receiverSide: string;
  /** Blank (to sign by hand) when the receiver is not known yet. */
  receiverName?: string;
  rows: HandoverRow[];
  note?: string;
  placeName?: string;
}

/** One line of the daily fee report: an officer's takings for one procedure, in đồng. */
export interface FeeReportLine {
  officer: string;
  procedureName: string;
  count: number;
  cash: number;
  transfer: number;
  qr: number;
  total: number;
}

/** The daily fee report (báo cáo thu phí, lệ phí) as printed. */
export interface FeeReportInput {
  office: OfficeSettings;
  /** The day the fees were taken, `YYYY-MM-DD` in Vietnam time. */
  day: DateKey;
  rows: FeeReportLine[];
  total: Omit<FeeReportLine, 'officer' | 'procedureName'>;
  preparedBy: string;
  issuedAt?: number;
  placeName?: string;
}

export interface FormInputs {
  '01': Form01Input;
  '02': Form02Input;
  '03': Form03Input;
  '04': Form04Input;
  '05': Form05Input;
  '06': Form06Input;
  '07': Form07Input;
}

/** Page margins in millimetres. */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * A box the layout drew, in points, with the origin at the page's top-left corner and y growing
 * downwards. `text` boxes are one run of one line (advance width × ascent+descent); `graphic` boxes
 * are QR codes and barcodes including their quiet zones; `cell` boxes are table cells (their text boxes
 * carry the cell's id); `rule` boxes are drawn lines.
 */
export interface LayoutBox {
  page: number;
  kind: 'text' | 'graphic' | 'cell' | 'rule';
  x: number;
  y: number;
  width: number;
  height: number;
  text?: string;
  /** What the box is (e.g. 'code', 'qr', 'barcode', 'page-number', 'table-header'). */
  role?: string;
  /** For text inside a table cell: the index (in `boxes`) of its cell box. */
  cell?: number;
}

export interface PageLayout {
  index: number;
  width: number;
  height: number;
  /** The area inside the margins, in points. */
  content: { x: number; y: number; width: number; height: number };
  /** The copy/section this page belongs to (form 01 prints two copies). */
  section: number;
}

export interface FormLayout {
  pages: PageLayout[];
  boxes: LayoutBox[];
}

export interface RenderedForm {
  bytes: Uint8Array;
  layout: FormLayout;
}

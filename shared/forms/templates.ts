// The text and order of each form as data, apart from the layout code: the 2025 bodies (TT 03/2025/TT-VPCP)
// are not all verified, so a correction is a change of data here, not of the layout.
//
// Text fields use two conventions:
//   {name}      a value from the dossier / office / officer (see FORM_VARIABLES); an empty value prints
//               as `emptyValue` (dots to fill in by hand);
//   **bold**    bold text (applied to the template only, never to the values it receives).
import type { Align } from './layout';
import type { FontKey, FormKind, PaperSize } from './types';

export type SizeName = 'body' | 'small' | 'title' | 'table' | 'code';

export interface ParagraphSection {
  kind: 'paragraph';
  text: string;
  align?: Align;
  style?: FontKey;
  size?: SizeName;
  /** First-line indent, mm. */
  indent?: number;
  /** Indent of the following lines, mm. */
  hang?: number;
  /** Space before, mm. */
  spaceBefore?: number;
  /** Skip the paragraph when any of these variables is empty. */
  omitIfEmpty?: string[];
}

/** Two short fields on one line (each on its own line when they do not fit). */
export interface PairSection {
  kind: 'pair';
  left: string;
  right: string;
  spaceBefore?: number;
  omitIfEmpty?: string[];
}

export interface TableColumnTemplate {
  /** Which value fills the column; the keys each source offers are in TABLE_COLUMN_KEYS. */
  key: string;
  title: string;
  weight: number;
  align?: Align;
}

export type TableSource = 'components' | 'supplements' | 'steps' | 'tracking' | 'handover' | 'fees';

export interface TableSection {
  kind: 'table';
  source: TableSource;
  heading?: string;
  columns: TableColumnTemplate[];
  size?: SizeName;
  /** Printed as the only row when there is nothing to list. */
  emptyText?: string;
  spaceBefore?: number;
}

/** Form 01's dossier code in large type with its Code 128 barcode and QR code. */
export interface CodeSection {
  kind: 'code';
  label: string;
  qr?: boolean;
  barcode?: boolean;
  spaceBefore?: number;
}

export interface SignerTemplate {
  /** Several lines allowed, separated by "\n". */
  title: string;
  note?: string;
  name?: string;
}

export interface SignaturesSection {
  kind: 'signatures';
  signers: SignerTemplate[];
  /** "Nơi nhận:" block at the left (NĐ 30), for letters. */
  recipients?: { heading: string; items: string[] };
  spaceBefore?: number;
}

export interface SpaceSection {
  kind: 'space';
  mm: number;
}

export type Section = ParagraphSection | PairSection | TableSection | CodeSection | SignaturesSection | SpaceSection;

export interface HeaderTemplate {
  /** Cơ quan chủ quản (capitals, regular). */
  parentAgency: string;
  /** Cơ quan ban hành (capitals, bold, short rule under it). */
  agency: string;
  motto: string;
  independence: string;
  /** Number line under the agency; "" hides it. */
  number: string;
  /** Place and date line under the motto (italic); "" hides it. */
  placeDate: string;
}

export interface FormTemplate {
  paper: PaperSize;
  orientation: 'portrait' | 'landscape';
  header: HeaderTemplate;
  title: string;
  subtitle?: string;
  /** One PDF section per label (form 01: the citizen's copy and the archive copy). */
  copyLabels?: string[];
  /** Repeated at the top of continuation pages. */
  continuation?: { left?: string; right?: string; title?: string };
  pageNumber: string;
  emptyValue: string;
  /** Labels of coded values, e.g. "delivery.desk", "delivery.post" (defaults: RESULT_DELIVERY_LABEL_VI). */
  labels?: Record<string, string>;
  sections: Section[];
}

export type FormTemplates = Record<FormKind, FormTemplate>;


export const DEFAULT_HEADER: HeaderTemplate = {
  parentAgency: '{parentAgencyName}',
  agency: '{agencyName}',
  motto: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  independence: 'Độc lập - Tự do - Hạnh phúc',
  number: 'Số: {documentNo}',
  placeDate: '{place}, ngày {day} tháng {month} năm {year}',
};

const SIGN_NOTE = '(Ký và ghi rõ họ tên)';
const base = {
  paper: 'A5' as PaperSize,
  orientation: 'portrait' as const,
  header: DEFAULT_HEADER,
  // NĐ 30/2020: no number on the first page, then the bare number at the top centre.
  pageNumber: '{page}',
  emptyValue: '……………',
};

export const DEFAULT_TEMPLATES: FormTemplates = {
  '01': {
    ...base,
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    copyLabels: ['Liên 1: Lưu', 'Liên 2: Giao người nộp'],
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'code', label: 'Mã hồ sơ:', qr: true, barcode: true },
      { kind: 'paragraph', text: '{applicantLabel}: **{applicantName}**', spaceBefore: 1 },
      { kind: 'paragraph', text: '{organisationLine}', omitIfEmpty: ['organisationLine'] },
      { kind: 'paragraph', text: 'Địa chỉ: {address}' },
      { kind: 'pair', left: 'Số điện thoại: {phone}', right: 'Email: {email}' },
      { kind: 'paragraph', text: 'Nội dung yêu cầu giải quyết: **{procedureName}**' },
      {
        kind: 'table',
        source: 'components',
        heading: '1. Thành phần hồ sơ nộp gồm:',
        columns: [
          { key: 'index', title: 'STT', weight: 9, align: 'center' },
          { key: 'name', title: 'Tên giấy tờ', weight: 61 },
          { key: 'originals', title: 'Bản chính', weight: 15, align: 'center' },
          { key: 'copies', title: 'Bản sao', weight: 15, align: 'center' },
        ],
        emptyText: 'Không có giấy tờ kèm theo',
      },
      { kind: 'paragraph', text: '2. Số lượng hồ sơ: **{sets}** (bộ)', spaceBefore: 1 },
      { kind: 'paragraph', text: 'Phí, lệ phí: **{feeDue}**', omitIfEmpty: ['feeDue'] },
      { kind: 'paragraph', text: '{feeDetail}', omitIfEmpty: ['feeDetail'], style: 'italic' },
      { kind: 'paragraph', text: '3. Thời gian giải quyết hồ sơ theo quy định: {processingTime}' },
      { kind: 'paragraph', text: '4. Thời gian nhận hồ sơ: {receivedAt}' },
      { kind: 'paragraph', text: '5. Thời gian trả kết quả giải quyết hồ sơ: **{appointmentAt}**' },
      { kind: 'paragraph', text: '6. Đăng ký nhận kết quả tại: {resultPlace}' },
      { kind: 'paragraph', text: 'Vào Sổ theo dõi hồ sơ, Quyển số: {bookNo}, Số thứ tự: {sequenceNo}', style: 'italic' },
      {
        kind: 'signatures',
        spaceBefore: 1.5,
        signers: [
          { title: 'NGƯỜI NỘP HỒ SƠ', note: SIGN_NOTE, name: '' },
          { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: SIGN_NOTE, name: '{officerName}' },
        ],
      },
    ],
  },
  '02': {
    ...base,
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'paragraph', text: 'Mã hồ sơ: **{code}**', align: 'center' },
      { kind: 'paragraph', text: 'Hồ sơ của {addressee}: **{applicantName}**', spaceBefore: 1 },
      { kind: 'paragraph', text: 'Địa chỉ: {address}' },
      { kind: 'paragraph', text: 'Nội dung yêu cầu giải quyết: **{procedureName}**' },
      {
        kind: 'paragraph',
        text: 'Ngày {receivedDate}, {unitName} đã tiếp nhận hồ sơ của {addressee}. Sau khi xem xét, hồ sơ của {addressee} chưa đầy đủ, hợp lệ. Đề nghị {addressee} bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
        align: 'justify',
        indent: 7,
        spaceBefore: 1,
      },
      {
        kind: 'table',
        source: 'supplements',
        columns: [
          { key: 'index', title: 'STT', weight: 9, align: 'center' },
          { key: 'name', title: 'Tên giấy tờ cần bổ sung, hoàn thiện', weight: 43 },
          { key: 'originals', title: 'Bản chính', weight: 12, align: 'center' },
          { key: 'certifiedCopies', title: 'Bản sao chứng thực', weight: 13, align: 'center' },
          { key: 'photocopies', title: 'Bản chụp', weight: 11, align: 'center' },
          { key: 'note', title: 'Ghi chú', weight: 12 },
        ],
        emptyText: 'Không có',
      },
      { kind: 'paragraph', text: 'Lý do: {reason}', spaceBefore: 1, align: 'justify' },
      {
        kind: 'paragraph',
        text: 'Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {addressee} liên hệ với {officerName}, số điện thoại {officerPhone}, email {officerEmail} để được hướng dẫn.',
        align: 'justify',
        indent: 7,
      },
      { kind: 'signatures', spaceBefore: 1.5, signers: [{ title: 'NGƯỜI HƯỚNG DẪN', note: SIGN_NOTE, name: '{officerName}' }] },
    ],
  },
  '03': {
    ...base,
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'paragraph', text: '{unitName} tiếp nhận hồ sơ của {addressee}: **{applicantName}**' },
      { kind: 'paragraph', text: 'Địa chỉ: {address}' },
      { kind: 'pair', left: 'Số điện thoại: {phone}', right: 'Email: {email}' },
      { kind: 'paragraph', text: 'Nội dung yêu cầu giải quyết: **{procedureName}**' },
      { kind: 'paragraph', text: 'Mã hồ sơ: **{code}**', omitIfEmpty: ['code'] },
      {
        kind: 'paragraph',
        text: 'Sau khi nghiên cứu, đối chiếu với các quy định hiện hành, {unitName} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
        align: 'justify',
        indent: 7,
        spaceBefore: 1,
      },
      { kind: 'paragraph', text: '{reason}', align: 'justify', indent: 7 },
      { kind: 'paragraph', text: 'Xin thông báo để {addressee} được biết và thực hiện./.', indent: 7 },
      { kind: 'signatures', spaceBefore: 1.5, signers: [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: SIGN_NOTE, name: '{officerName}' }] },
    ],
  },
  '04': {
    ...base,
    title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'paragraph', text: 'Kính gửi: {addressee} **{applicantName}**', align: 'center', spaceBefore: 1 },
      {
        kind: 'paragraph',
        text: 'Ngày {receivedDate}, {unitName} tiếp nhận hồ sơ của {addressee} về thủ tục **{procedureName}**, mã hồ sơ **{code}**.',
        align: 'justify',
        indent: 7,
        spaceBefore: 1,
      },
      { kind: 'paragraph', text: 'Thời gian hẹn trả kết quả giải quyết hồ sơ: {originalAppointmentAt}.', align: 'justify', indent: 7 },
      {
        kind: 'paragraph',
        text: 'Tuy nhiên đến nay, cơ quan giải quyết chưa trả kết quả giải quyết hồ sơ cho {addressee} đúng hẹn với lý do: {reason}',
        align: 'justify',
        indent: 7,
      },
      {
        kind: 'paragraph',
        text: 'Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của {addressee}. Chúng tôi xin lỗi {addressee} và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả cho {addressee} vào: **{newAppointmentAt}**.',
        align: 'justify',
        indent: 7,
      },
      { kind: 'paragraph', text: 'Mong nhận được sự thông cảm của {addressee} vì sự chậm trễ này./.', align: 'justify', indent: 7 },
      {
        kind: 'signatures',
        spaceBefore: 1.5,
        recipients: { heading: 'Nơi nhận:', items: ['- Như trên;', '- Lưu: VT.'] },
        signers: [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' }],
      },
    ],
  },
  '05': {
    ...base,
    title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'paragraph', text: 'Kính gửi: {addressee} **{applicantName}**', align: 'center', spaceBefore: 1 },
      { kind: 'paragraph', text: 'Địa chỉ: {address}', spaceBefore: 1 },
      {
        kind: 'paragraph',
        text: 'Ngày {receivedDate}, {unitName} đã tiếp nhận hồ sơ của {addressee} về thủ tục **{procedureName}**, mã hồ sơ **{code}**, hẹn trả kết quả: {appointmentAt}.',
        align: 'justify',
        indent: 7,
        spaceBefore: 1,
      },
      { kind: 'paragraph', text: 'Cơ quan giải quyết thông báo dừng giải quyết hồ sơ nêu trên với lý do: {reason}', align: 'justify', indent: 7 },
      {
        kind: 'paragraph',
        text: 'Đề nghị {addressee} liên hệ {unitName} để nhận lại hồ sơ và được hướng dẫn./.',
        align: 'justify',
        indent: 7,
      },
      {
        kind: 'signatures',
        spaceBefore: 1.5,
        recipients: { heading: 'Nơi nhận:', items: ['- Như trên;', '- Lưu: VT.'] },
        signers: [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' }],
      },
    ],
  },
  '06': {
    ...base,
    title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    continuation: { left: '**{agencyName}**', right: 'Mã hồ sơ: **{code}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'paragraph', text: 'Mã hồ sơ: **{code}**', align: 'center' },
      { kind: 'paragraph', text: '(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả ngày {receivedDate})', align: 'center', style: 'italic' },
      { kind: 'paragraph', text: 'Người nộp hồ sơ: **{applicantName}**', spaceBefore: 1 },
      { kind: 'paragraph', text: 'Thủ tục: {procedureName}' },
      { kind: 'paragraph', text: 'Cơ quan (bộ phận) giải quyết hồ sơ: {resultAgency}' },
      { kind: 'paragraph', text: 'Cơ quan phối hợp giải quyết hồ sơ: {coordinatingAgencies}' },
      { kind: 'paragraph', text: 'Hẹn trả kết quả: **{appointmentAt}**' },
      {
        kind: 'table',
        source: 'steps',
        spaceBefore: 1,
        columns: [
          { key: 'agency', title: 'TÊN CƠ QUAN', weight: 30 },
          { key: 'time', title: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', weight: 32 },
          { key: 'result', title: 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ Đúng hạn/ Quá hạn)', weight: 20, align: 'center' },
          { key: 'note', title: 'GHI CHÚ', weight: 18 },
        ],
        emptyText: 'Chưa có bước giao, nhận nào',
      },
    ],
  },
  '07': {
    ...base,
    paper: 'A4',
    orientation: 'landscape',
    header: { ...DEFAULT_HEADER, number: 'Quyển số: {bookNo}' },
    title: 'SỔ THEO DÕI HỒ SƠ',
    subtitle: 'Từ ngày {fromDate} đến ngày {toDate}',
    continuation: { left: '**{agencyName}**', right: '{title} từ ngày {fromDate} đến ngày {toDate} (tiếp theo)' },
    labels: { 'delivery.desk': 'Tại quầy', 'delivery.post': 'Bưu chính công ích' },
    sections: [
      {
        kind: 'table',
        source: 'tracking',
        size: 'table',
        columns: [
          { key: 'index', title: 'TT', weight: 3, align: 'center' },
          { key: 'code', title: 'Mã hồ sơ', weight: 11 },
          { key: 'procedure', title: 'Tên TTHC', weight: 13 },
          { key: 'applicant', title: 'Tên cá nhân, tổ chức', weight: 9.5 },
          { key: 'addressPhone', title: 'Địa chỉ, số điện thoại', weight: 13 },
          { key: 'resultAgency', title: 'Cơ quan chủ trì giải quyết', weight: 7.5 },
          { key: 'sets', title: 'Số lượng hồ sơ (bộ)', weight: 6, align: 'center' },
          { key: 'receivedAt', title: 'Nhận hồ sơ', weight: 7, align: 'center' },
          { key: 'appointmentAt', title: 'Hẹn trả kết quả', weight: 7, align: 'center' },
          { key: 'returnedAt', title: 'Trả kết quả', weight: 7, align: 'center' },
          { key: 'delivery', title: 'Phương thức nhận kết quả', weight: 7.5 },
          { key: 'signature', title: 'Ký nhận', weight: 4.5 },
          { key: 'note', title: 'Ghi chú', weight: 4 },
        ],
        emptyText: 'Không có hồ sơ nào trong khoảng thời gian này',
      },
      { kind: 'paragraph', text: 'Tổng số: **{count}** hồ sơ.', spaceBefore: 1.5 },
    ],
  },
};

/**
 * The handover slip (biên bản bàn giao) between the postal service and the desk (QĐ 45/2016/QĐ-TTg). No
 * official layout was found: a plain record, NĐ 30 header, a list, the counts and both sides' signatures.
 */
export const HANDOVER_TEMPLATES: Record<'intake' | 'return', FormTemplate> = {
  intake: handoverTemplate('BIÊN BẢN BÀN GIAO HỒ SƠ', 'hồ sơ'),
  return: handoverTemplate('BIÊN BẢN BÀN GIAO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', 'kết quả'),
};

function handoverTemplate(title: string, what: string): FormTemplate {
  return {
    ...base,
    paper: 'A4',
    title,
    continuation: { left: '**{agencyName}**', right: 'Lô số: **{batchCode}**', title: '{title} (tiếp theo)' },
    sections: [
      { kind: 'code', label: 'Lô số:', qr: false },
      { kind: 'paragraph', text: 'Hôm nay, {handoverAt}, tại {unitName}, chúng tôi gồm:', spaceBefore: 1 },
      { kind: 'paragraph', text: 'Bên giao: **{giverSide}**; đại diện: {giverName}.', indent: 5 },
      { kind: 'paragraph', text: 'Bên nhận: **{receiverSide}**; đại diện: {receiverName}.', indent: 5 },
      { kind: 'paragraph', text: `Bên giao bàn giao cho bên nhận các ${what} sau:` },
      {
        kind: 'table',
        source: 'handover',
        spaceBefore: 1,
        columns: [
          { key: 'index', title: 'TT', weight: 5, align: 'center' },
          { key: 'code', title: 'Mã hồ sơ', weight: 31 },
          { key: 'waybill', title: 'Mã bưu gửi', weight: 21 },
          { key: 'applicant', title: 'Người nộp', weight: 16 },
          { key: 'procedure', title: 'Thủ tục', weight: 14 },
          { key: 'sets', title: 'Số bộ', weight: 5, align: 'center' },
          { key: 'note', title: 'Ghi chú', weight: 8 },
        ],
        size: 'small',
        emptyText: 'Không có hồ sơ nào',
      },
      { kind: 'paragraph', text: `Tổng số: **{count}** ${what}, **{sets}** bộ.`, spaceBefore: 1.5 },
      { kind: 'paragraph', text: '{note}', omitIfEmpty: ['note'] },
      { kind: 'paragraph', text: 'Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.' },
      {
        kind: 'signatures',
        spaceBefore: 2,
        signers: [
          { title: 'ĐẠI DIỆN BÊN GIAO', note: SIGN_NOTE, name: '{giverName}' },
          { title: 'ĐẠI DIỆN BÊN NHẬN', note: SIGN_NOTE, name: '{receiverName}' },
        ],
      },
    ],
  };
}

/**
 * The daily fee report (issue 12): what each officer collected per procedure, the day's total, signed by
 * who drew it up and the head of the unit. No official layout was found: a plain report under the NĐ 30
 * header, kept as data here so a province's layout is a change of this template.
 */
export const FEE_REPORT_TEMPLATE: FormTemplate = {
  ...base,
  paper: 'A4',
  title: 'BÁO CÁO THU PHÍ, LỆ PHÍ',
  continuation: { left: '**{agencyName}**', right: 'Ngày thu: **{feeDay}**', title: '{title} (tiếp theo)' },
  sections: [
    { kind: 'paragraph', text: 'Ngày thu: **{feeDay}**', align: 'center' },
    { kind: 'paragraph', text: 'Các khoản phí, lệ phí thu qua phần mềm tại {unitName}, theo công chức thu và thủ tục hành chính:', spaceBefore: 1 },
    {
      kind: 'table',
      source: 'fees',
      spaceBefore: 1,
      columns: [
        { key: 'index', title: 'TT', weight: 5, align: 'center' },
        { key: 'officer', title: 'Công chức thu', weight: 17 },
        { key: 'procedure', title: 'Thủ tục hành chính', weight: 28 },
        { key: 'count', title: 'Số hồ sơ', weight: 7, align: 'center' },
        { key: 'cash', title: 'Tiền mặt (đồng)', weight: 11, align: 'right' },
        { key: 'transfer', title: 'Chuyển khoản (đồng)', weight: 12, align: 'right' },
        { key: 'qr', title: 'Mã QR (đồng)', weight: 10, align: 'right' },
        { key: 'total', title: 'Cộng (đồng)', weight: 11, align: 'right' },
      ],
      size: 'small',
      emptyText: 'Không thu khoản phí, lệ phí nào trong ngày',
    },
    { kind: 'paragraph', text: 'Tổng số tiền thu trong ngày: **{total} đồng** của **{count}** hồ sơ.', spaceBefore: 1.5 },
    {
      kind: 'signatures',
      spaceBefore: 2,
      signers: [
        { title: 'NGƯỜI LẬP BÁO CÁO', note: SIGN_NOTE, name: '{preparedBy}' },
        { title: 'THỦ TRƯỞNG ĐƠN VỊ', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' },
      ],
    },
  ],
};

/** Column keys each table source fills. */
export const TABLE_COLUMN_KEYS: Record<TableSource, readonly string[]> = {
  components: ['index', 'name', 'originals', 'copies', 'total'],
  supplements: ['index', 'name', 'originals', 'certifiedCopies', 'photocopies', 'note'],
  steps: ['index', 'agency', 'from', 'to', 'time', 'result', 'note'],
  handover: ['index', 'code', 'waybill', 'applicant', 'procedure', 'sets', 'note'],
  fees: ['index', 'officer', 'procedure', 'count', 'cash', 'transfer', 'qr', 'total'],
  tracking: ['index', 'code', 'procedure', 'applicant', 'address', 'phone', 'addressPhone', 'resultAgency', 'receivedAt', 'appointmentAt', 'returnedAt', 'outcome', 'delivery', 'signature', 'sets', 'note'],
};

const COMMON_VARS = ['parentAgencyName', 'agencyName', 'unitName', 'agencyCode', 'communeName', 'districtName', 'provinceName', 'place', 'day', 'month', 'year', 'date', 'documentNo', 'title'];
const DOSSIER_VARS = ['code', 'procedureName', 'procedureCode', 'fieldName', 'resultAgency', 'applicantName', 'applicantLabel', 'addressee', 'organisationLine', 'feeDetail', 'honorific', 'idNumber', 'address', 'phone', 'email', 'sets', 'fee', 'feeDue', 'receivedAt', 'receivedDate', 'appointmentAt', 'appointmentDate', 'resultPlace', 'processingTime', 'status'];

/** The {variables} each form's texts may use. */
export const FORM_VARIABLES: Record<FormKind, readonly string[]> = {
  '01': [...COMMON_VARS, ...DOSSIER_VARS, 'officerName', 'bookNo', 'sequenceNo'],
  '02': [...COMMON_VARS, ...DOSSIER_VARS, 'officerName', 'officerPhone', 'officerEmail', 'reason'],
  '03': [...COMMON_VARS, ...DOSSIER_VARS, 'officerName', 'reason'],
  '04': [...COMMON_VARS, ...DOSSIER_VARS, 'originalAppointmentAt', 'newAppointmentAt', 'reason'],
  '05': [...COMMON_VARS, ...DOSSIER_VARS, 'reason'],
  '06': [...COMMON_VARS, ...DOSSIER_VARS, 'coordinatingAgencies'],
  '07': [...COMMON_VARS, 'bookNo', 'fromDate', 'toDate', 'count'],
};

/** A template's text with {variables} filled in and **bold** marks applied, as styled pieces. */
export function fillText(text: string, vars: Record<string, string>, emptyValue: string): Array<{ text: string; bold: boolean }> {
  const out: Array<{ text: string; bold: boolean }> = [];
  String(text)
    .split('**')
    .forEach((part, i) => {
      const filled = part.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
        if (!(name in vars)) return whole;
        const v = vars[name];
        return v == null || String(v).trim() === '' ? emptyValue : String(v);
      });
      if (filled !== '') out.push({ text: filled, bold: i % 2 === 1 });
    });
  return out;
}

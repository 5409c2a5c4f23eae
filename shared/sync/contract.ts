/**
 * The sync contract between a desk and the provincial system, defined once with zod. The desk checks
 * every answer with these schemas and the reference server checks every request with them; the OpenAPI
 * document (openapi.ts) is generated from them.
 *
 * Dossier fields carry the DVCQG one-stop sync names (DongBoHoSoMC / CapNhatTienDoHoSoMC) where such a
 * name exists; fields DVCQG has no name for use English names. Dates on the wire are `yyyyMMddHHmmss` in
 * Asia/Ho_Chi_Minh; `serverTime` (every answer) is epoch milliseconds so a desk can measure clock skew.
 *
 * Pure TypeScript: runs in Node, the browser and Electron main alike.
 */
import { z } from 'zod';
import { nfcString } from '../validation/zodVi';
import type { CalendarOverride } from '../calendar/types';
import type { Procedure } from '../domain/procedure';
import { fromVnStamp } from './time';

export const SYNC_API_PREFIX = '/v1';
/** Most changes one push may carry; the desk sends batches of at most this many. */
export const MAX_PUSH_ITEMS = 200;
/** Most province changes one pull page returns. */
export const MAX_PULL_LIMIT = 1000;
/** Largest request body the server accepts (bytes). A full batch of large dossiers stays well below it. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Clock skew above this is shown to the officer. */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------------------
// Pieces
// ---------------------------------------------------------------------------------------------------------

export const vnStampSchema = z
  .string()
  .regex(/^\d{14}$/, 'Ngày giờ phải theo dạng yyyyMMddHHmmss.')
  .refine((s) => fromVnStamp(s) !== null, 'Ngày giờ không tồn tại.')
  .meta({ description: 'yyyyMMddHHmmss, Asia/Ho_Chi_Minh', example: '20261120090000' });

const uuid = z.uuid();
/** Vietnamese message, so a reason built from it stays Vietnamese (the desk shows it to the officer). */
const text = (max: number) => nfcString().max(max, `Tối đa ${max} ký tự.`);

/**
 * Length limits of the dossier fields the officer types, one per field: the contract enforces them and the
 * reception form uses the same numbers, so the form never accepts what the wire refuses.
 */
export const FIELD_LIMITS = { fullName: 100, idNumber: 20, phone: 20, email: 200, address: 300, note: 1000 } as const;
const serverTime = z.number().int().positive().meta({ description: 'Server clock, epoch milliseconds' });

/** TrangThaiHoSo: 2..10 (1, "Mới đăng ký", is an online state a desk never sets). */
export const trangThaiSchema = z.number().int().min(2).max(10);

export const processingTimeSchema = z.strictObject({
  unit: z.enum(['same_day', 'hours', 'working_days', 'days']),
  value: z.number().min(0).max(1000),
});

export const feeRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free'), note: text(300).optional() }),
  z.strictObject({ kind: z.literal('flat'), amount: z.number().int().min(0), per: z.enum(['case', 'copy', 'contract']) }),
  z.strictObject({
    kind: z.literal('per_page'),
    firstPages: z.number().int().min(0),
    firstRate: z.number().int().min(0),
    laterRate: z.number().int().min(0),
    maxPerCopy: z.number().int().min(0),
  }),
]);

export const procedureSchema = z.strictObject({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(500),
  fieldCode: text(40),
  fieldName: text(300),
  processingTime: processingTimeSchema,
  cutoffRule: z.boolean(),
  fee: feeRuleSchema,
  /** HĐND's fee for online submission, where it is lower (or zero). */
  onlineFee: feeRuleSchema.optional(),
  components: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(80),
        name: z.string().min(1).max(500),
        required: z.boolean(),
        originals: z.number().int().min(0).max(99),
        copies: z.number().int().min(0).max(99),
      }),
    )
    .max(100),
  onlineKind: z.enum(['none', 'partial', 'full']),
  resultAgency: text(300),
  active: z.boolean(),
});
true satisfies z.infer<typeof procedureSchema> extends Procedure ? (Procedure extends z.infer<typeof procedureSchema> ? true : false) : false;

export const calendarOverrideSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(['off', 'work']),
  note: text(300),
});
true satisfies z.infer<typeof calendarOverrideSchema> extends CalendarOverride ? true : false;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const calendarBaseSchema = z.strictObject({
  saturdayMorning: z.boolean(),
  hours: z.strictObject({ morningStart: clock, morningEnd: clock, afternoonStart: clock, afternoonEnd: clock }),
  sameDayCutoff: clock,
});

export const officeSchema = z.strictObject({
  parentAgencyName: z.string().min(1).max(200),
  agencyName: z.string().min(1).max(200),
  agencyCode: z.string().regex(/^[A-Za-z0-9.]{1,40}$/),
  communeName: z.string().min(1).max(200),
  districtName: text(200),
  provinceName: z.string().min(1).max(200),
});

// ---------------------------------------------------------------------------------------------------------
// Errors: every non-2xx answer has this body
// ---------------------------------------------------------------------------------------------------------

export const SYNC_ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'credential_expired',
  'enrolment_code_invalid',
  'not_found',
  'payload_too_large',
  'rate_limited',
  'internal',
  /** The device may not do this (a file for a dossier of another desk or agency). */
  'forbidden',
  /** A file the province refuses for what it is (its SHA-256 does not match the bytes that arrived). */
  'file_rejected',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(SYNC_ERROR_CODES),
    /** Vietnamese, for the officer or the administrator. Never contains personal data. */
    message: z.string(),
    /** Seconds to wait (rate_limited). */
    retryAfter: z.number().int().min(0).optional(),
  }),
  serverTime,
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Health (no authentication): the desk's reachability probe
// ---------------------------------------------------------------------------------------------------------

/**
 * The identity of the province's store. `epoch` changes when the store is reset or restored from a backup;
 * `floor` is the last change seq the previous epoch may have shown a desk (seqs of this epoch are above it,
 * and seqs up to it are the same changes as before).
 */
export const storeIdentitySchema = z.strictObject({ epoch: z.string().min(8).max(80), floor: z.number().int().min(0) });
/** An office relay's store announces its epoch with this prefix (issue 14: see the desk's reconcileStore). */
export const RELAY_EPOCH_PREFIX = 'relay:';
export type StoreIdentity = z.infer<typeof storeIdentitySchema>;

export const healthResponseSchema = z.strictObject({ ok: z.literal(true), store: storeIdentitySchema, serverTime });

// ---------------------------------------------------------------------------------------------------------
// Enrolment
// ---------------------------------------------------------------------------------------------------------

/** One-time codes look like `ABCD-EFGH-JKLM` (no 0/O/1/I to avoid misreading). */
export const ENROLMENT_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

export const enrolRequestSchema = z.strictObject({
  code: z.string().trim().toUpperCase().regex(ENROLMENT_CODE_PATTERN, 'Mã đăng ký gồm 12 ký tự dạng XXXX-XXXX-XXXX.'),
  /** Made by the desk once and kept: re-enrolment keeps the same device, so nothing is duplicated. */
  deviceId: uuid,
  deviceName: z.string().trim().min(1).max(100),
});
export type EnrolRequest = z.input<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.strictObject({
  deviceId: uuid,
  /** Bearer token. The desk keeps it with the host's secret storage, never in localStorage. */
  token: z.string().min(32).max(200),
  expiresAt: z.number().int().positive(),
  agencyCode: z.string().min(1),
  deskNo: z.number().int().min(1).max(99),
  desksInAgency: z.number().int().min(1).max(99),
  serverTime,
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Reference data, versioned per agency
// ---------------------------------------------------------------------------------------------------------

export const referenceQuerySchema = z.strictObject({
  catalog: z.coerce.number().int().min(0).default(0),
  calendar: z.coerce.number().int().min(0).default(0),
  office: z.coerce.number().int().min(0).default(0),
});

export const catalogDataSchema = z.strictObject({ version: z.number().int().min(1), procedures: z.array(procedureSchema).min(1).max(5000) });
export const calendarDataSchema = z.strictObject({
  version: z.number().int().min(1),
  base: calendarBaseSchema,
  overrides: z.array(calendarOverrideSchema).max(5000),
});
export const officeDataSchema = z.strictObject({
  version: z.number().int().min(1),
  office: officeSchema,
  desksInAgency: z.number().int().min(1).max(99),
  codePattern: z.string().min(1).max(80),
});
export type CatalogData = z.infer<typeof catalogDataSchema>;
export type CalendarData = z.infer<typeof calendarDataSchema>;
export type OfficeData = z.infer<typeof officeDataSchema>;

/** A part is null when the desk already has its current version (or the province publishes none). */
export const referenceResponseSchema = z.strictObject({
  catalog: catalogDataSchema.nullable(),
  calendar: calendarDataSchema.nullable(),
  office: officeDataSchema.nullable(),
  /** How often an idle desk should cycle with this server, at most (an office relay asks for seconds, so desks of one office see each other's work quickly). */
  pollMs: z.number().int().min(1000).max(3_600_000).optional(),
  store: storeIdentitySchema,
  serverTime,
});
export type ReferenceResponse = z.infer<typeof referenceResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Files: the scanned components and result documents, uploaded with the tus protocol (resumable)
// ---------------------------------------------------------------------------------------------------------

/** The tus endpoint: POST creates an upload, HEAD tells its offset, PATCH appends (tus 1.0.0, core + creation). */
export const FILES_PATH = `${SYNC_API_PREFIX}/files`;
/** Largest scanned file the province accepts (the desk refuses larger scans before they are stored). */
export const MAX_SCAN_FILE_BYTES = 200 * 1024 * 1024;
/**
 * Bytes per PATCH: below the 2 MB body limit a reverse proxy is configured with for the sync routes
 * (README), and small enough that a dropped connection costs little.
 */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** 'component:<MaThanhPhanHoSo>' or 'result'. */
export const scanSlotSchema = z.string().regex(/^(result|component:[A-Za-z0-9._-]{1,80})$/, 'Vị trí tệp phải là "result" hoặc "component:<mã thành phần>".');
/** A name the desk builds from the dossier code and the slot: ASCII only, so it carries nothing personal. */
export const scanFileNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,200}\.pdf$/, 'Tên tệp chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới và kết thúc bằng .pdf.');
const hex64File = z.string().regex(/^[0-9a-f]{64}$/, 'Mã SHA-256 phải gồm 64 ký tự hex.');

/**
 * Upload-Metadata of a tus creation (values are strings on the wire): which dossier and slot the file
 * belongs to, the SHA-256 the province checks the bytes against, the name and size. No personal data.
 */
export const uploadMetadataSchema = z.strictObject({
  /** The desk's ScanFile id: the same for every version of the dossier's slot. */
  fileId: uuid,
  dossierId: uuid,
  slot: scanSlotSchema,
  sha256: hex64File,
  fileName: scanFileNameSchema,
  size: z.coerce.number().int().min(1).max(MAX_SCAN_FILE_BYTES, `Tệp lớn hơn ${MAX_SCAN_FILE_BYTES / 1024 / 1024} MB.`),
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;

/** A file the province holds, as it reports it in TaiLieuNop (file) and resultFile. */
export const fileReferenceSchema = z.strictObject({
  name: scanFileNameSchema,
  bytes: z.number().int().min(1).max(MAX_SCAN_FILE_BYTES),
  sha256: hex64File,
  receivedAt: vnStampSchema,
});
export type FileReference = z.infer<typeof fileReferenceSchema>;

/** GET /v1/file-receipts/:uploadId — what became of an upload (asked after the last byte, so a lost answer to the last PATCH loses nothing). */
export const FILE_RECEIPTS_PATH = `${SYNC_API_PREFIX}/file-receipts`;
export const uploadIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'Mã tải lên không hợp lệ.');
export const fileReceiptSchema = z.strictObject({
  uploadId: uploadIdSchema,
  /** stored: verified and kept; refused: not kept (reason); incomplete: bytes still missing (offset of size). */
  state: z.enum(['stored', 'refused', 'incomplete']),
  offset: z.number().int().min(0),
  size: z.number().int().min(1),
  sha256: hex64File,
  receivedAt: vnStampSchema.nullable(),
  reason: z.string().nullable(),
  serverTime,
});
export type FileReceipt = z.infer<typeof fileReceiptSchema>;

// ---------------------------------------------------------------------------------------------------------
// The dossier on the wire (HoSo)
// ---------------------------------------------------------------------------------------------------------

export const hoSoSchema = z.strictObject({
  MaHoSo: nfcString().min(1).max(60),
  MaTTHC: nfcString().min(1).max(40),
  TenTTHC: nfcString().min(1).max(500),
  TenLinhVuc: text(300),
  ChuHoSo: nfcString().min(1).max(FIELD_LIMITS.fullName),
  /** 1 citizen, 2 organisation (tổ chức, doanh nghiệp). */
  LoaiDoiTuong: z.union([z.literal(1), z.literal(2)]),
  /** CCCD / số định danh cá nhân of a citizen; the tax code (mã số thuế) of an organisation. */
  MaDoiTuong: text(FIELD_LIMITS.idNumber),
  SoDienThoai: text(FIELD_LIMITS.phone),
  Email: text(FIELD_LIMITS.email),
  TrichYeuHoSo: text(1000),
  NgayTiepNhan: vnStampSchema,
  NgayHenTra: vnStampSchema,
  TrangThaiHoSo: trangThaiSchema,
  NgayTra: vnStampSchema.nullable(),
  /** Reception channel: 0 in person at the desk, 1 online, 2 by the public postal service (the codes are *unverified*: shared/sync/mapping.ts). */
  HinhThuc: z.number().int().min(0).max(9),
  NgayKetThucXuLy: vnStampSchema.nullable(),
  /** Cơ quan chủ trì giải quyết. */
  DonViXuLy: text(300),
  GhiChu: text(FIELD_LIMITS.note),
  DanhSachLePhi: z
    .array(z.strictObject({
      TenPhiLePhi: text(300), MaPhiLePhi: text(40), HinhThucThu: z.number().int().min(0).max(9), Gia: z.number().int().min(0),
      // The payment as recorded in the software (issue 12): receipt number, when and by whom. Absent while unpaid.
      SoBienLai: text(40).optional(), NgayThu: vnStampSchema.optional(), NguoiThu: text(100).optional(),
    }))
    .max(20),
  /** Extensions of the appointment (form 04): the appointment before and after each. */
  DanhSachHoSoBoSung: z
    .array(z.strictObject({ NgayHenTraTruoc: vnStampSchema, NgayHenTraMoi: vnStampSchema, LyDo: text(1000) }))
    .max(50)
    .optional(),
  TaiLieuNop: z
    .array(z.strictObject({
      MaThanhPhanHoSo: text(80), TenTaiLieu: text(500), SoBanChinh: z.number().int().min(0).max(99), SoBanSao: z.number().int().min(0).max(99),
      /** The component's scanned file as the province holds it (set by the province only, from the files it received: see Files). */
      file: fileReferenceSchema.optional(),
    }))
    .max(100),
  /** The result document's scanned file as the province holds it (the province sets it, as for TaiLieuNop). */
  resultFile: fileReferenceSchema.optional(),
  // Fields DVCQG has no name for.
  /** Empty for an organisation that gave none (LoaiDoiTuong 2). */
  applicantDateOfBirth: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
  applicantGender: z.enum(['male', 'female', '']),
  /** An organisation's representative, and their CCCD if given. */
  applicantRepresentative: text(FIELD_LIMITS.fullName).optional(),
  applicantRepresentativeId: text(FIELD_LIMITS.idNumber).optional(),
  /** Certified copies: each document with its pages and copies (the fee lines in DanhSachLePhi follow them). */
  copyDocuments: z
    .array(z.strictObject({ name: text(200), pages: z.number().int().min(1).max(9999), copies: z.number().int().min(1).max(999) }))
    .max(20)
    .optional(),
  applicantAddress: text(FIELD_LIMITS.address),
  processingTime: processingTimeSchema,
  originalAppointment: vnStampSchema,
  pausedAt: vnStampSchema.nullable(),
  resultDelivery: z.enum(['desk', 'post']),
  sets: z.number().int().min(1).max(99),
  collectedBy: text(100),
  officerName: text(100),
  deskNo: z.number().int().min(1).max(99),
});
export type HoSo = z.infer<typeof hoSoSchema>;

/** The fields that follow the status, as the province holds them (the decision fields of mapping.ts). */
export const decisionSnapshotSchema = hoSoSchema.pick({ TrangThaiHoSo: true, NgayHenTra: true, NgayTra: true, NgayKetThucXuLy: true, pausedAt: true, collectedBy: true });
export type DecisionSnapshot = z.infer<typeof decisionSnapshotSchema>;

// ---------------------------------------------------------------------------------------------------------
// Push: the desk's changes, each with its client-made UUID
// ---------------------------------------------------------------------------------------------------------

export const CHANGE_KINDS = ['dossier.received', 'dossier.transition', 'dossier.edited'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const pushItemSchema = z.strictObject({
  /** The idempotency key: a replay of the same changeId returns the first answer. */
  changeId: uuid,
  dossierId: uuid,
  kind: z.enum(CHANGE_KINDS),
  /** The dossier's revision after this change; increases by one with every change on the desk. */
  rev: z.number().int().min(1),
  occurredAt: vnStampSchema,
  /** The last province change (pull seq) the desk had applied to this dossier when it made the change. */
  provinceSeen: z.number().int().min(0),
  HoSo: hoSoSchema,
});
export type PushItem = z.infer<typeof pushItemSchema>;

export const pushRequestSchema = z.strictObject({ items: z.array(pushItemSchema).min(1).max(MAX_PUSH_ITEMS) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * What the server checks before looking at items one by one: one malformed item is rejected on its own
 * (with its reason) and does not sink the batch.
 */
export const pushEnvelopeSchema = z.strictObject({
  items: z.array(z.looseObject({ changeId: uuid })).min(1).max(MAX_PUSH_ITEMS),
});

export const CONFLICT_KINDS = ['code_taken', 'status'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const pushResultSchema = z.discriminatedUnion('result', [
  z.strictObject({ changeId: uuid, result: z.literal('accepted') }),
  z.strictObject({ changeId: uuid, result: z.literal('rejected'), reason: z.string().min(1) }),
  z.strictObject({
    changeId: uuid,
    result: z.literal('conflict'),
    reason: z.string().min(1),
    conflict: z.strictObject({
      kind: z.enum(CONFLICT_KINDS),
      MaHoSo: z.string(),
      /** status: the province's status and the latest province change the desk has not seen. */
      TrangThaiHoSo: trangThaiSchema.optional(),
      provinceSeq: z.number().int().min(0).optional(),
      /** status: what the province holds, so "follow the province" ends with the same fields on both sides. */
      decision: decisionSnapshotSchema.optional(),
    }),
  }),
  /** A later change of a dossier whose earlier change in the same push is in conflict: not applied, not recorded; send it again once the conflict is settled. */
  z.strictObject({ changeId: uuid, result: z.literal('deferred'), reason: z.string().min(1) }),
]);
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.strictObject({ results: z.array(pushResultSchema), store: storeIdentitySchema, serverTime });
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Pull: the province's changes since a cursor, paged (CapNhatTienDoHoSoMC names)
// ---------------------------------------------------------------------------------------------------------

/**
 * Versions of the pull's answer. 1: the province's decisions on the desk's own dossiers and the online
 * dossiers of its agency (kinds status, appointment, dossier). 2 (issue 14): also every dossier of the
 * agency as it stands after each change made at any desk (kind peer), and the notices of conflicts another
 * desk's change had with this desk's (kind peer_conflict). A desk that does not ask for 2 is served 1.
 */
export const PULL_VERSION = 2;
export const pullQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
  v: z.coerce.number().int().min(1).max(PULL_VERSION).default(1),
  /**
   * 1 while a desk copies the agency's dossiers for the first time (after enrolment or a restore, cursor
   * at 0 when it started): dossiers already closed are left out (they come again only if they change).
   */
  open: z.enum(['0', '1']).default('0'),
});

export const PROVINCE_CHANGE_KINDS_V1 = ['status', 'appointment', 'dossier'] as const;
export const PROVINCE_CHANGE_KINDS = [...PROVINCE_CHANGE_KINDS_V1, 'peer', 'peer_conflict'] as const;

/** Pull version 2: what a peer change says about the dossier and who made it. */
export const peerInfoSchema = z.strictObject({
  /** The dossier's revision at the province (every desk's changes count); the desk's next change goes above it. */
  deskRev: z.number().int().min(0),
  /**
   * Who owns what was recorded at reception, seen from the desk that pulls: itself, the agency (an online
   * dossier no desk has worked on yet: the first that does takes it over) or another desk (ownerDeskNo).
   */
  owner: z.enum(['you', 'agency', 'desk']),
  ownerDeskNo: z.number().int().min(1).max(99).nullable(),
  /** The desk whose change this is; null for the province or the portal. */
  byDesk: z.number().int().min(1).max(99).nullable(),
  /** The change's own id (the desk's outbox entry): a desk knows its own changes coming back. */
  changeId: uuid.nullable(),
  /** The status before the change when it moved the status, else null. */
  fromStatus: trangThaiSchema.nullable(),
  /** peer_conflict: what the other desk tried to do, refused because it had not seen this desk's change. */
  theirs: decisionSnapshotSchema.optional(),
});
export type PeerInfo = z.infer<typeof peerInfoSchema>;

const provinceChangeFields = {
  /** Increasing across the province; the desk's cursor is the last seq it applied. */
  seq: z.number().int().min(1),
  dossierId: uuid,
  MaHoSo: z.string().min(1),
  TrangThai: trangThaiSchema.nullable(),
  NgayHenTra: vnStampSchema.nullable(),
  NoiDungXuLy: text(1000),
  NguoiXuLy: text(100),
  ChucDanh: text(100),
  PhongBanXuLy: text(300),
  ThoiDiemXuLy: vnStampSchema,
  /** The decision fields as the province holds them after this change (older stores did not send it). */
  after: decisionSnapshotSchema.optional(),
  /** kind dossier and peer: the whole record. */
  HoSo: hoSoSchema.optional(),
};

/** Version 1, as older desks parse it (a strict object: a field they do not know would fail them). */
export const provinceChangeV1Schema = z.strictObject({
  ...provinceChangeFields,
  /**
   * status: a processing decision (TrangThai); appointment: a corrected NgayHenTra (e.g. an extension);
   * dossier: a dossier the province received for the agency (online, on the portal), with its HoSo: every
   * desk of the agency gets it, and the first desk that changes it takes it over.
   */
  kind: z.enum(PROVINCE_CHANGE_KINDS_V1),
});

export const provinceChangeSchema = z.strictObject({
  ...provinceChangeFields,
  /**
   * Version 1's kinds, and: peer: the dossier as it stands at the province after a change made at a desk
   * of the agency (or by the province: then the province's own status change reaches its receiving desk
   * as well), with its HoSo and `peer`; every desk of the agency gets it, each dossier once at its latest
   * change (a desk that pulls rarely gets the latest state, not every step). peer_conflict: another desk's
   * change to a dossier this desk moved was refused as a conflict (peer.theirs says what it tried).
   */
  kind: z.enum(PROVINCE_CHANGE_KINDS),
  peer: peerInfoSchema.optional(),
});
export type ProvinceChange = z.infer<typeof provinceChangeSchema>;

export const pullResponseV1Schema = z.strictObject({
  changes: z.array(provinceChangeV1Schema),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  deviceId: uuid,
  cursor: z.number().int().min(0),
  store: storeIdentitySchema,
  serverTime,
});

export const pullResponseSchema = z.strictObject({
  changes: z.array(provinceChangeSchema),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** Echo of the request (device and cursor), so an answer meant for another request (a proxy's cache) is refused. */
  deviceId: uuid,
  cursor: z.number().int().min(0),
  store: storeIdentitySchema,
  serverTime,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Holdings: what the province holds of this desk's dossiers (re-checked when the store's epoch changes)
// ---------------------------------------------------------------------------------------------------------

export const MAX_HOLDINGS_LIMIT = 2000;
export const holdingsQuerySchema = z.strictObject({
  after: z.string().max(40).default(''),
  limit: z.coerce.number().int().min(1).max(MAX_HOLDINGS_LIMIT).default(1000),
});
export const holdingSchema = z.strictObject({
  dossierId: uuid,
  deskRev: z.number().int().min(0),
  provinceSeq: z.number().int().min(0),
  /** hoSoDigest (mapping.ts) of the province's record. */
  digest: z.string().min(1).max(40),
});
export const holdingsResponseSchema = z.strictObject({ items: z.array(holdingSchema), hasMore: z.boolean(), deviceId: uuid, after: z.string(), store: storeIdentitySchema, serverTime });
export type HoldingsResponse = z.infer<typeof holdingsResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Restore: a desk restored from a backup takes back what the province holds of it
// ---------------------------------------------------------------------------------------------------------

export const MAX_RESTORE_LIMIT = 500;
export const restoreQuerySchema = z.strictObject({
  after: z.string().max(40).default(''),
  limit: z.coerce.number().int().min(1).max(MAX_RESTORE_LIMIT).default(200),
});
/**
 * The province's record of one dossier of this desk (every device enrolled as the same desk of the
 * agency), with the revisions that tell the desk whether its restored copy is older.
 */
export const restoreItemSchema = z.strictObject({
  dossierId: uuid,
  deskRev: z.number().int().min(0),
  provinceSeq: z.number().int().min(0),
  HoSo: hoSoSchema,
});
export type RestoreItem = z.infer<typeof restoreItemSchema>;
export const restoreResponseSchema = z.strictObject({
  items: z.array(restoreItemSchema).max(MAX_RESTORE_LIMIT),
  hasMore: z.boolean(),
  deviceId: uuid,
  after: z.string(),
  /** The desk number these dossiers were issued under (the province's record of the device). */
  deskNo: z.number().int().min(1).max(99),
  store: storeIdentitySchema,
  serverTime,
});
export type RestoreResponse = z.infer<typeof restoreResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// Audit: the desk's hash-chained audit events, kept by the province append-only (the audit outlives the desk)
// ---------------------------------------------------------------------------------------------------------

export const MAX_AUDIT_ITEMS = 500;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** One audit event as the desk chained it (shared/audit/chain.ts): the province re-hashes and links it. */
export const auditWireSchema = z.strictObject({
  id: uuid,
  dossierId: uuid.nullable(),
  at: z.number().int().min(0),
  actor: z.string().max(200),
  actorId: z.string().max(80).nullable(),
  action: z.string().min(1).max(40),
  summary: z.string().max(4000),
  fromStatus: z.string().max(40).nullable(),
  toStatus: z.string().max(40).nullable(),
  detail: z.record(z.string().max(80), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])),
  prevHash: hex64,
  hash: hex64,
});
export type AuditWire = z.infer<typeof auditWireSchema>;
export const auditPushRequestSchema = z.strictObject({ events: z.array(auditWireSchema).min(1).max(MAX_AUDIT_ITEMS) });
export const auditPushResponseSchema = z.strictObject({
  /** Events stored now, and events the province already held with the same hash (a re-send). */
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  /** The first event refused (those before it are kept, none after it is looked at), with the reason in Vietnamese. */
  refused: z.strictObject({ id: uuid, reason: z.string().min(1) }).nullable(),
  store: storeIdentitySchema,
  serverTime,
});
export type AuditPushResponse = z.infer<typeof auditPushResponseSchema>;

// ---------------------------------------------------------------------------------------------------------
// The office relay (issue 14): one PC of a commune office serves its desks over the LAN and speaks to the
// province as the agency's relay. Desks talk to it with the routes above, unchanged; it talks to the
// province with these, under its own credential (role relay), for the desks of its own agency only.
// ---------------------------------------------------------------------------------------------------------

/** A relay enrols with a one-time code the province issued for the agency's relay (issue-relay-code): a desk's answer without a desk number. */
export const relayEnrolResponseSchema = enrolResponseSchema.omit({ deskNo: true });
export type RelayEnrolResponse = z.infer<typeof relayEnrolResponseSchema>;

/** The desk a forwarded batch comes from, as it enrolled with the relay (the province checks it against the relay's agency). */
export const relayDeskSchema = z.strictObject({ deviceId: uuid, deskNo: z.number().int().min(1).max(99), deviceName: z.string().trim().min(1).max(100) });
export type RelayDesk = z.infer<typeof relayDeskSchema>;

/** One desk's changes, in the order the desk sent them, exactly as it sent them (its changeIds stay the idempotency keys). */
export const relayPushRequestSchema = z.strictObject({
  desk: relayDeskSchema,
  items: z.array(z.looseObject({ changeId: uuid })).min(1).max(MAX_PUSH_ITEMS),
});

/** The province's answers, and the agency-feed seq it gave each change it wrote (the relay maps its own seqs to the province's with them). */
export const relayPushResponseSchema = z.strictObject({ ...pushResponseSchema.shape, seqs: z.record(z.string(), z.number().int().min(1)) });

/** Every province change of the relay's agency (the decisions on any of its dossiers, its online dossiers), with the device it is addressed to. */
export const relayPullQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});
export const relayChangeSchema = z.strictObject({ deviceId: z.string().min(1).max(120), change: provinceChangeSchema });
export const relayPullResponseSchema = z.strictObject({
  changes: z.array(relayChangeSchema),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  cursor: z.number().int().min(0),
  store: storeIdentitySchema,
  serverTime,
});
export type RelayPullResponse = z.infer<typeof relayPullResponseSchema>;

/** The agency's dossiers as the province holds them: a relay rebuilt on a new PC starts from them. */
export const relayDossiersQuerySchema = z.strictObject({
  after: z.string().max(40).default(''),
  limit: z.coerce.number().int().min(1).max(MAX_RESTORE_LIMIT).default(200),
});
export const relayDossierSchema = z.strictObject({
  dossierId: uuid,
  deviceId: z.string().min(1).max(120),
  deskRev: z.number().int().min(0),
  provinceSeq: z.number().int().min(0),
  provinceStatusSeq: z.number().int().min(0),
  HoSo: hoSoSchema,
});
export type RelayDossier = z.infer<typeof relayDossierSchema>;
export const relayDossiersResponseSchema = z.strictObject({
  items: z.array(relayDossierSchema).max(MAX_RESTORE_LIMIT),
  /** The province's last change seq before these dossiers were read: they reflect every change up to it. */
  head: z.number().int().min(0),
  hasMore: z.boolean(),
  after: z.string(),
  store: storeIdentitySchema,
  serverTime,
});

/** One desk's audit events as the relay received them, in the desk's chain order. */
export const relayAuditRequestSchema = z.strictObject({ desk: relayDeskSchema, events: z.array(auditWireSchema).min(1).max(MAX_AUDIT_ITEMS) });

/** Every route of the contract, for the OpenAPI document and for tests. */
export const SYNC_ROUTES = {
  health: { method: 'GET', path: `${SYNC_API_PREFIX}/health`, auth: false, response: healthResponseSchema },
  enrol: { method: 'POST', path: `${SYNC_API_PREFIX}/enrol`, auth: false, request: enrolRequestSchema, response: enrolResponseSchema },
  reference: { method: 'GET', path: `${SYNC_API_PREFIX}/reference`, auth: true, query: referenceQuerySchema, response: referenceResponseSchema },
  push: { method: 'POST', path: `${SYNC_API_PREFIX}/changes`, auth: true, request: pushRequestSchema, response: pushResponseSchema },
  pull: { method: 'GET', path: `${SYNC_API_PREFIX}/province-changes`, auth: true, query: pullQuerySchema, response: pullResponseSchema },
  holdings: { method: 'GET', path: `${SYNC_API_PREFIX}/holdings`, auth: true, query: holdingsQuerySchema, response: holdingsResponseSchema },
  restore: { method: 'GET', path: `${SYNC_API_PREFIX}/restore`, auth: true, query: restoreQuerySchema, response: restoreResponseSchema },
  audit: { method: 'POST', path: `${SYNC_API_PREFIX}/audit`, auth: true, request: auditPushRequestSchema, response: auditPushResponseSchema },
  fileReceipt: { method: 'GET', path: `${FILE_RECEIPTS_PATH}/{uploadId}`, auth: true, response: fileReceiptSchema },
  relayEnrol: { method: 'POST', path: `${SYNC_API_PREFIX}/relay/enrol`, auth: false, request: enrolRequestSchema, response: relayEnrolResponseSchema },
  relayPush: { method: 'POST', path: `${SYNC_API_PREFIX}/relay/changes`, auth: true, request: relayPushRequestSchema, response: relayPushResponseSchema },
  relayPull: { method: 'GET', path: `${SYNC_API_PREFIX}/relay/province-changes`, auth: true, query: relayPullQuerySchema, response: relayPullResponseSchema },
  relayAudit: { method: 'POST', path: `${SYNC_API_PREFIX}/relay/audit`, auth: true, request: relayAuditRequestSchema, response: auditPushResponseSchema },
  relayDossiers: { method: 'GET', path: `${SYNC_API_PREFIX}/relay/dossiers`, auth: true, query: relayDossiersQuerySchema, response: relayDossiersResponseSchema },
} as const;

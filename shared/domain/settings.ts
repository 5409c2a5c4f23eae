import { z } from 'zod';
import { nfcString } from '../validation/zodVi';

const text = (label: string, max = 200) =>
  nfcString().trim().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0].toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`);

/** The office as it appears in dossier codes and on the slips' header. */
export const officeSettingsSchema = z.object({
  /** Cơ quan chủ quản, e.g. "UỶ BAN NHÂN DÂN XÃ AN BÌNH". */
  parentAgencyName: text('tên cơ quan chủ quản'),
  /** Tên đơn vị tiếp nhận, e.g. "BỘ PHẬN MỘT CỬA". */
  agencyName: text('tên cơ quan tiếp nhận'),
  /** Mã đơn vị (QCVN), the first part of every dossier code. */
  agencyCode: z
    .string()
    .trim()
    .min(1, 'Vui lòng nhập mã đơn vị.')
    .max(40, 'Mã đơn vị quá dài (tối đa 40 ký tự).')
    .regex(/^[A-Za-z0-9.]+$/, 'Mã đơn vị chỉ gồm chữ không dấu, chữ số và dấu chấm, ví dụ 000.17.22.H56.'),
  communeName: text('tên xã, phường'),
  /** Since 01/07/2025 there are no districts: empty by default, kept for the older slips. */
  districtName: nfcString().trim().max(200, 'Tên huyện quá dài (tối đa 200 ký tự).').default(''),
  /** The place's proper name on the place/date line ("An Bình"); empty = taken from the commune's name. */
  placeName: nfcString().trim().max(100, 'Tên địa danh quá dài (tối đa 100 ký tự).').optional(),
  provinceName: text('tên tỉnh, thành phố'),
});
export type OfficeSettings = z.infer<typeof officeSettingsSchema>;

export const deskSettingsSchema = z
  .object({
    deskNo: z.coerce
      .number({ message: 'Số quầy phải là một số.' })
      .int('Số quầy phải là số nguyên.')
      .min(1, 'Số quầy bắt đầu từ 1.'),
    desksInAgency: z.coerce
      .number({ message: 'Số quầy của cơ quan phải là một số.' })
      .int('Số quầy của cơ quan phải là số nguyên.')
      .min(1, 'Cơ quan có ít nhất 1 quầy.')
      .max(99, 'Tối đa 99 quầy.'),
    officerName: text('họ tên cán bộ tiếp nhận', 100),
  })
  .refine((d) => d.deskNo <= d.desksInAgency, {
    message: 'Số quầy không được lớn hơn số quầy của cơ quan.',
    path: ['deskNo'],
  });
export type DeskSettings = z.infer<typeof deskSettingsSchema>;

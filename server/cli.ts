// The province's admin command line: `npm run server:admin -- <command> [options]`. Works on the same data
// directory as the running server (SQLite in WAL mode allows both at once), or the same PostgreSQL database.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STATUS_LABEL_VI } from '../shared/domain/status';
import { statusFromCode } from '../shared/sync/mapping';
import { fromVnStamp, toVnStamp } from '../shared/sync/time';
import { Province, ProvinceError, parseStatus } from './store';
import { dbTarget } from './db';
import { createOnlineDossier } from './online';
import { provinceReport, reportCsv, reportTable } from './report';
import { parseVnDate } from '../shared/calendar/vnTime';
import { adminActor, describeAdminArgs, maskRecord } from './admin';
import { enrolRelay } from './relay';
import { relayStatus } from './relayStore';

const HELP = `Cách dùng: npm run server:admin -- <lệnh> [tuỳ chọn] [--as "Họ tên người thực hiện"]   (--data-dir DIR, mặc định .server-data; hoặc --database-url postgres://… cho PostgreSQL)

  create-agency  --agency MÃ --desks N --parent "UBND XÃ …" --name "BỘ PHẬN MỘT CỬA" --commune "Xã …" --province "Tỉnh …" [--district ""] [--pattern "{AGENCY}-{YYMMDD}-{SEQ:4}"]
  issue-code     --agency MÃ --desk N [--hours 72]          cấp mã đăng ký dùng một lần cho quầy N
  issue-relay-code --agency MÃ [--hours 72]                 (tỉnh) cấp mã đăng ký cho máy chuyển tiếp của văn phòng đơn vị
  relay-enrol    --upstream https://… --code MÃ [--name "Máy chuyển tiếp"] [--upstream-ca ca.pem]
                 (máy chuyển tiếp) đăng ký với tỉnh, nhận danh mục, lịch, cơ quan và (thư mục mới) hồ sơ của đơn vị
  relay-status   [--json]                                   (máy chuyển tiếp) hàng đợi chuyển lên tỉnh, lần đồng bộ cuối, thay đổi tỉnh không nhận
  list-devices
  expire-device  (--device ID | --agency MÃ | --all)        cho thông tin xác thực hết hạn ngay
  list-dossiers  [--agency MÃ] [--status 9] [--json] [--reveal]   (--reveal: hiện thông tin công dân, được ghi nhật ký)
  list-files     --agency MÃ --code MÃ_HỒ_SƠ [--json]       tệp số hoá tỉnh đã nhận của hồ sơ: vị trí, tên, kích thước, SHA-256, lúc nhận, đường dẫn
  set-status     --agency MÃ --code MÃ_HỒ_SƠ --status processed|9 [--note "…"] [--by "Họ tên"] [--title "Chức danh"] [--department "Phòng …"]
  set-appointment --agency MÃ --code MÃ_HỒ_SƠ --at yyyyMMddHHmmss [--note "…"]
  publish        --agency MÃ --kind catalog|calendar|office --file dữ-liệu.json
  create-online-dossier --agency MÃ --procedure MÃ_TTHC --name "Họ tên" --id-number 12SỐ --dob dd/mm/yyyy --gender male|female --address "…" [--phone 09…] [--email …] [--delivery desk|post]
                 hồ sơ nộp trực tuyến cho đơn vị: mọi quầy của đơn vị nhận được khi đồng bộ
  report         --from dd/mm/yyyy --to dd/mm/yyyy [--csv]   số liệu tiếp nhận, giải quyết, đúng hạn theo từng đơn vị
  admin-log      [--limit 200] [--json]                     các thao tác quản trị: ai, lúc nào, lệnh gì
  security-log   [--since yyyyMMddHHmmss] [--kind auth_failed|credential_expired|enrol_refused|isolation_refused] [--limit 200] [--json]
  stats`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string', default: process.env.SYNC_DATA_DIR ?? '.server-data' },
    'database-url': { type: 'string', default: process.env.SYNC_DATABASE_URL ?? '' },
    agency: { type: 'string' },
    desks: { type: 'string' },
    desk: { type: 'string' },
    hours: { type: 'string', default: '72' },
    parent: { type: 'string' },
    name: { type: 'string' },
    commune: { type: 'string' },
    district: { type: 'string', default: '' },
    province: { type: 'string' },
    pattern: { type: 'string' },
    device: { type: 'string' },
    all: { type: 'boolean', default: false },
    status: { type: 'string' },
    code: { type: 'string' },
    note: { type: 'string' },
    by: { type: 'string' },
    title: { type: 'string' },
    department: { type: 'string' },
    at: { type: 'string' },
    kind: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    file: { type: 'string' },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    procedure: { type: 'string' },
    'id-number': { type: 'string' },
    dob: { type: 'string' },
    gender: { type: 'string' },
    address: { type: 'string' },
    phone: { type: 'string', default: '' },
    email: { type: 'string', default: '' },
    delivery: { type: 'string', default: 'desk' },
    reveal: { type: 'boolean', default: false },
    upstream: { type: 'string' },
    'upstream-ca': { type: 'string' },
    as: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function need(name: keyof typeof values): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new ProvinceError('bad_request', `Thiếu --${name}.`);
  return v;
}

async function run(province: Province, command: string | undefined): Promise<unknown> {
  switch (command) {
    case 'create-agency': {
      await province.createAgency(
        { agencyCode: need('agency'), parentAgencyName: need('parent'), agencyName: values.name ?? 'BỘ PHẬN MỘT CỬA', communeName: need('commune'), districtName: values.district ?? '', provinceName: need('province') },
        Number(need('desks')),
        values.pattern,
      );
      return `Đã tạo đơn vị ${values.agency}.`;
    }
    case 'issue-code': {
      const code = await province.issueEnrolmentCode(need('agency'), Number(need('desk')), Number(values.hours) * 3600_000);
      return values.json ? { code } : code;
    }
    case 'issue-relay-code': {
      const code = await province.issueRelayCode(need('agency'), Number(values.hours) * 3600_000);
      return values.json ? { code } : code;
    }
    case 'relay-enrol': {
      const r = await enrolRelay(province, need('upstream'), need('code'), values.name ?? 'Máy chuyển tiếp của văn phòng', { ca: values['upstream-ca'] ? readFileSync(resolve(values['upstream-ca'])) : undefined });
      return `Đã đăng ký máy chuyển tiếp cho đơn vị ${r.agencyCode}${r.dossiers ? `, nhận ${r.dossiers} hồ sơ của đơn vị từ tỉnh` : ''}. Cấp mã cho các quầy bằng issue-code trên máy này, rồi chạy: npm run server -- --relay-to ${need('upstream')} --host 0.0.0.0 --tls-cert … --tls-key …`;
    }
    case 'relay-status': {
      const st = await relayStatus(province);
      if (values.json) return st;
      if (!st.upstream) return 'Thư mục dữ liệu này không phải của máy chuyển tiếp (chưa chạy relay-enrol).';
      const lines = [
        `Tỉnh: ${st.upstream.url} — đơn vị ${st.upstream.agencyCode}`,
        `Chờ chuyển lên tỉnh: ${st.pending}; đã chuyển: ${st.forwarded}`,
        `Lần đồng bộ thành công cuối: ${st.lastSuccessAt ? toVnStamp(st.lastSuccessAt) : '(chưa có)'}${st.lastError ? ` — lỗi gần nhất: ${st.lastError}` : ''}`,
        ...st.notAccepted.map((n) => `tỉnh không nhận: quầy ${n.deskNo}\t${n.changeId}\t${n.result}\t${n.reason ?? ''}`),
      ];
      return lines.join('\n');
    }
    case 'list-devices':
      return await province.listDevices();
    case 'expire-device': {
      const n = await province.expireCredentials(values.all ? {} : values.device ? { deviceId: values.device } : { agencyCode: need('agency') });
      return `Đã cho ${n} thiết bị hết hạn xác thực.`;
    }
    case 'list-dossiers': {
      const rows = await province.listDossiers({ agencyCode: values.agency, status: values.status ? Number(values.status) : undefined });
      // The citizens' details only with --reveal, which the admin trail records.
      if (values.json) return values.reveal ? rows : rows.map((r) => ({ ...r, record: maskRecord(r.record) }));
      // Codes, procedures, statuses and dates only: no personal data on the terminal by default.
      return rows.map((r) => {
        const s = statusFromCode(r.record.TrangThaiHoSo);
        return `${r.record.MaHoSo}\t${r.record.MaTTHC}\t${r.record.TrangThaiHoSo} ${s ? STATUS_LABEL_VI[s] : ''}\ttiếp nhận ${r.record.NgayTiepNhan}\thẹn trả ${r.record.NgayHenTra}\tquầy ${r.record.deskNo}`;
      }).join('\n') || '(không có hồ sơ)';
    }
    case 'list-files': {
      const row = await province.findDossier({ agencyCode: need('agency'), code: need('code') });
      if (!row) throw new ProvinceError('not_found', `Đơn vị ${values.agency} không có hồ sơ mã ${values.code}.`);
      const dir = resolve(values['data-dir']!, 'uploads');
      const files = (await province.db.k.selectFrom('dossier_files').selectAll().where('dossier_id', '=', row.id).orderBy('slot').execute()).map((f) => ({ slot: f.slot, name: f.file_name, bytes: Number(f.bytes), sha256: f.sha256, receivedAt: toVnStamp(Number(f.received_at)), path: join(dir, f.upload_id) }));
      if (values.json) return files;
      return files.map((f) => `${f.slot}\t${f.name}\t${f.bytes} byte\t${f.sha256}\tnhận ${f.receivedAt}\t${f.path}`).join('\n') || '(hồ sơ chưa có tệp nào)';
    }
    case 'set-status': {
      const status = parseStatus(need('status'));
      if (!status) throw new ProvinceError('bad_request', `Trạng thái không hợp lệ: ${values.status}.`);
      const change = await province.setStatus({ agencyCode: need('agency'), code: need('code') }, status, { note: values.note, person: values.by, title: values.title, department: values.department });
      return values.json ? change : `Hồ sơ ${change.MaHoSo}: ${STATUS_LABEL_VI[status]} (thay đổi số ${change.seq}).`;
    }
    case 'set-appointment': {
      const at = fromVnStamp(need('at'));
      if (at == null) throw new ProvinceError('bad_request', 'Ngày hẹn trả phải theo dạng yyyyMMddHHmmss.');
      const change = await province.setAppointment({ agencyCode: need('agency'), code: need('code') }, at, { note: values.note, person: values.by, department: values.department });
      return values.json ? change : `Hồ sơ ${change.MaHoSo}: hẹn trả mới ${change.NgayHenTra} (thay đổi số ${change.seq}).`;
    }
    case 'publish': {
      const kind = need('kind');
      if (kind !== 'catalog' && kind !== 'calendar' && kind !== 'office') throw new ProvinceError('bad_request', '--kind phải là catalog, calendar hoặc office.');
      const version = await province.publish(need('agency'), kind, JSON.parse(readFileSync(resolve(need('file')), 'utf8')));
      return `Đã phát hành ${kind} phiên bản ${version}.`;
    }
    case 'create-online-dossier': {
      const change = await createOnlineDossier(province, {
        agencyCode: need('agency'), procedureCode: need('procedure'),
        applicant: { fullName: need('name'), idNumber: need('id-number'), dateOfBirth: need('dob'), gender: need('gender') as 'male', address: need('address'), phone: values.phone ?? '', email: values.email ?? '' },
        resultDelivery: values.delivery as 'desk',
      });
      await province.markWritten();
      return values.json ? change : `Đã tạo hồ sơ trực tuyến ${change.MaHoSo} (hẹn trả ${change.NgayHenTra}); các quầy của đơn vị nhận khi đồng bộ.`;
    }
    case 'report': {
      const from = parseVnDate(need('from'));
      const to = parseVnDate(need('to'));
      if (!from || !to || from > to) throw new ProvinceError('bad_request', 'Khoảng ngày không hợp lệ: --from và --to theo dạng dd/mm/yyyy, ngày bắt đầu không sau ngày kết thúc.');
      const r = await provinceReport(province.db.k, from, to);
      return values.json ? r : values.csv ? reportCsv(r) : `Số liệu từ ${values.from} đến ${values.to}\n${reportTable(r)}`;
    }
    case 'security-log': {
      const since = values.since ? fromVnStamp(values.since) : undefined;
      if (values.since && since == null) throw new ProvinceError('bad_request', '--since phải theo dạng yyyyMMddHHmmss.');
      const events = await province.listSecurityEvents({ since: since ?? undefined, kind: values.kind, limit: values.limit ? Number(values.limit) : undefined });
      if (values.json) return events;
      return events.map((e) => `${toVnStamp(e.at)}\t${e.kind}\t${e.deviceId ?? '-'}\t${e.agencyCode ?? '-'}\t${e.address ?? '-'}\t${e.reason}`).join('\n') || '(không có sự kiện)';
    }
    case 'admin-log': {
      const rows = await province.listAdminActions(values.limit ? Number(values.limit) : undefined);
      if (values.json) return rows;
      return rows.map((r) => `${toVnStamp(r.at)}\t${r.actor}\t${r.command}\t${r.detail}\t${r.outcome}`).join('\n') || '(chưa có thao tác)';
    }
    case 'stats':
      return await province.stats();
    default:
      return HELP;
  }
}

if (values.help || positionals.length === 0) {
  console.log(HELP);
} else {
  process.umask(0o077);
  const province = await Province.open(dbTarget(resolve(values['data-dir']!), values['database-url']));
  const command = positionals[0];
  let actor = '';
  try {
    actor = adminActor(province.db.dataDir, values.as, await province.databaseRole());
    const out = await run(province, command);
    // Reading the trails is not an action worth a line in them; everything else is recorded.
    if (command !== 'admin-log' && command !== 'security-log' && command !== 'relay-status') await province.recordAdminAction({ actor, command, detail: describeAdminArgs(command === 'relay-enrol' ? { ...values, code: values.code ? '(ẩn)' : undefined } : values), outcome: 'ok' });
    console.log(typeof out === 'string' ? out : JSON.stringify(out, null, values.json ? 0 : 2));
  } catch (e) {
    const message = e instanceof ProvinceError ? e.message : `Lỗi: ${(e as Error).message}`;
    if (actor) await province.recordAdminAction({ actor, command, detail: describeAdminArgs(command === 'relay-enrol' ? { ...values, code: values.code ? '(ẩn)' : undefined } : values), outcome: `lỗi: ${message}` }).catch(() => {});
    console.error(message);
    process.exitCode = 1;
  } finally {
    await province.close();
  }
}

// Repository behaviour, run twice: in Node over fake-indexeddb and in real Chromium over IndexedDB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnTime } from '@shared/calendar/vnTime';
import { SEED_CATALOG } from '@shared/domain/catalog';
import { KHAI_SINH, SAMPLE_DESK, SAMPLE_OFFICE, sampleDossier, sampleReceiveData } from '../../../test/fixtures/dossiers';
import type { ReceiveData } from '@shared/domain/dossier';
import { CodeSpaceExhaustedError } from '@shared/codes/dossierCode';
import { TransitionError } from '@shared/domain/transitions';
import { openDeskDb, type DeskDb } from './db';
import { countByStatus, dossierHistory, editApplicant, extendAppointment, listDossiers, receiveDossier, recordPrint, refuseAtReception, searchDossiers, transitionDossier } from './dossiers';
import { toHoSo } from '@shared/sync/mapping';
import { printableForms } from '@shared/forms/fromDossier';
import { addDeskCalendarDay, ensureCatalog, loadDeskConfig, removeDeskCalendarDay, saveCodePattern, saveSetup } from './settings';
import { applyReference } from '../sync/apply';
import { setSession } from './session';
import type { Role } from '@shared/domain/roles';
import { DEFAULT_CALENDAR_CONFIG } from '@shared/calendar/types';

const MON_9AM = vnTime(2026, 11, 23, 9, 0);

/** The birth registration with its required components, as the form submits it. */
export const receiveData = (applicant: Partial<ReceiveData['applicant']> = {}): ReceiveData => sampleReceiveData(applicant, KHAI_SINH, true);

/** Signs a test account in without a password (the login itself is tested in accounts.node.test.ts). */
export function signInForTest(db: DeskDb, role: Role = 'admin', displayName = SAMPLE_DESK.officerName) {
  setSession(db, { accountId: `test-${role}`, username: `test.${role}`, displayName, role, locked: false });
}

export async function setUpDesk(db: DeskDb, deskNo = 1, desksInAgency = 2) {
  signInForTest(db);
  await ensureCatalog(db);
  await saveSetup(db, SAMPLE_OFFICE, { ...SAMPLE_DESK, deskNo, desksInAgency });
}

export function dossierRepositoryCases(label: string) {
  describe(`dossier repository (${label})`, () => {
    let db: DeskDb;
    let name: string;

    beforeEach(async () => {
      name = `test-${crypto.randomUUID()}`;
      db = openDeskDb(name);
      await setUpDesk(db);
    });
    afterEach(async () => {
      await db.delete();
    });

    it('receives a dossier with code, appointment, outbox entry and audit event together', async () => {
      const d = await receiveDossier(db, receiveData(), MON_9AM);
      expect(d.code).toBe('000.17.22.H56-261123-0001');
      expect(d.appointmentAt).toBe(vnTime(2026, 11, 23, 17, 0));
      expect(d.status).toBe('received');
      const [outbox, audit] = await Promise.all([db.outbox.where('dossierId').equals(d.id).toArray(), dossierHistory(db, d.id)]);
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ kind: 'dossier.received', state: 'pending', dossier: { code: d.code } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'received', actor: 'Trần Thị Bình', toStatus: 'received' });
    });

    it('issues consecutive codes within the desk’s share, and a new day starts over', async () => {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await receiveDossier(db, receiveData(), MON_9AM + i * 60_000)).code);
      expect(codes).toEqual(['000.17.22.H56-261123-0001', '000.17.22.H56-261123-0002', '000.17.22.H56-261123-0003']);
      const tuesday = await receiveDossier(db, receiveData(), MON_9AM + 24 * 3600_000);
      expect(tuesday.code).toBe('000.17.22.H56-261124-0001');
    });

    it('gives desk 2 of 2 its own block of numbers', async () => {
      await setUpDesk(db, 2, 2);
      expect((await receiveDossier(db, receiveData(), MON_9AM)).code).toBe('000.17.22.H56-261123-5000');
    });

    it('refuses, with an explanation and nothing written, when the desk’s share is used up', async () => {
      await saveCodePattern(db, '{AGENCY}-{YYMMDD}-{SEQ:3}');
      await setUpDesk(db, 1, 99); // 10 numbers a day: 1..9
      for (let i = 0; i < 9; i++) await receiveDossier(db, receiveData(), MON_9AM + i);
      await expect(receiveDossier(db, receiveData(), MON_9AM + 10)).rejects.toBeInstanceOf(CodeSpaceExhaustedError);
      expect(await db.dossiers.count()).toBe(9);
      expect(await db.outbox.count()).toBe(9);
    });

    it('rolls back the dossier and its code when a later write in the transaction fails', async () => {
      // Simulates a crash or a full disk between the dossier write and its outbox entry.
      const failOutbox = () => {
        throw new DOMException('simulated', 'QuotaExceededError');
      };
      db.outbox.hook('creating', failOutbox);
      await expect(receiveDossier(db, receiveData(), MON_9AM)).rejects.toThrow();
      db.outbox.hook('creating').unsubscribe(failOutbox);
      expect(await db.dossiers.count()).toBe(0);
      expect(await db.audit.filter((e) => e.dossierId !== null).count()).toBe(0);
      expect(await db.counters.count()).toBe(0);
      // The sequence number was not consumed.
      expect((await receiveDossier(db, receiveData(), MON_9AM)).code).toMatch(/-0001$/);
    });

    it('walks a dossier to returned, pausing the clock for a supplement', async () => {
      await setUpDesk(db);
      const three = SEED_CATALOG.find((p) => p.processingTime.unit === 'working_days' && p.processingTime.value === 3)!;
      const data = receiveData();
      data.procedureCode = three.code;
      data.components = three.components.map((c) => ({ componentId: c.id, name: c.name, submitted: true, originals: 1, copies: 0 }));
      const d = await receiveDossier(db, data, MON_9AM); // due Thursday 26/11 17:00
      expect(d.appointmentAt).toBe(vnTime(2026, 11, 26, 17, 0));
      await transitionDossier(db, d.id, 'request_supplement', { reason: 'Thiếu giấy chứng sinh' }, vnTime(2026, 11, 24, 10, 0));
      // The citizen comes back two working days later: the appointment moves by two working days.
      const resumed = await transitionDossier(db, d.id, 'hand_over', {}, vnTime(2026, 11, 26, 10, 0));
      expect(resumed.appointmentAt).toBe(vnTime(2026, 11, 30, 17, 0));
      expect(resumed.pausedAt).toBeNull();
      await transitionDossier(db, d.id, 'mark_processed', {}, vnTime(2026, 11, 27, 9, 0));
      const done = await transitionDossier(db, d.id, 'return_result', { collectedBy: 'Nguyễn Văn An', method: 'desk' }, vnTime(2026, 11, 27, 10, 0));
      expect(done).toMatchObject({ status: 'returned', collectedBy: 'Nguyễn Văn An', rev: 5 });
      const history = await dossierHistory(db, d.id);
      expect(history.map((h) => h.action)).toEqual(['received', 'request_supplement', 'hand_over', 'mark_processed', 'return_result']);
      expect(await db.outbox.where('dossierId').equals(d.id).count()).toBe(5);
    });

    it('refuses a transition the rules do not allow, writing nothing', async () => {
      const d = await receiveDossier(db, receiveData(), MON_9AM);
      await expect(transitionDossier(db, d.id, 'return_result', { collectedBy: 'X Y', method: 'desk' })).rejects.toBeInstanceOf(TransitionError);
      await expect(transitionDossier(db, d.id, 'refuse', { reason: '' })).rejects.toThrow(/lý do từ chối/);
      expect((await db.dossiers.get(d.id))!.status).toBe('received');
      expect(await db.audit.filter((e) => e.dossierId !== null).count()).toBe(1);
      expect(await db.outbox.count()).toBe(1);
    });

    it('records an applicant edit with the changed fields and re-indexes the name', async () => {
      const d = await receiveDossier(db, receiveData(), MON_9AM);
      await editApplicant(db, d.id, { ...d.applicant, fullName: 'Đặng Thị Hường', gender: 'female', idNumber: '001190012345' }, MON_9AM + 1000);
      expect((await searchDossiers(db, 'dang thi')).map((x) => x.id)).toEqual([d.id]);
      expect(await searchDossiers(db, 'nguyen van an')).toEqual([]);
      const history = await dossierHistory(db, d.id);
      expect(history.at(-1)!.summary).toBe('Sửa thông tin người nộp: họ và tên, số CCCD, giới tính');
    });

    it('records prints in the history without touching the dossier or the outbox', async () => {
      const d = await receiveDossier(db, receiveData(), MON_9AM);
      await recordPrint(db, d.id, { form: '01', formTitle: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', copies: 2, printer: 'HP LaserJet', reprint: false }, MON_9AM + 1);
      const history = await dossierHistory(db, d.id);
      expect(history.at(-1)).toMatchObject({ action: 'printed', summary: 'In mẫu 01 – GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ, 2 bản (HP LaserJet)', detail: { copies: 2 } });
      expect(await db.dossiers.get(d.id)).toEqual(d);
      expect(await db.outbox.count()).toBe(1);
    });

    it('issue 9, defect 2: extends the appointment in one transaction with history, audit and outbox; refuses a past date', async () => {
      const d = await receiveDossier(db, receiveData(), MON_9AM);
      await expect(extendAppointment(db, d.id, { newAppointment: MON_9AM - 3600_000, reason: 'Chờ xác minh' }, MON_9AM + 1000)).rejects.toThrow(/phải sau thời điểm hiện tại/);
      expect(await db.outbox.count()).toBe(1);
      const later = d.appointmentAt + 2 * 86_400_000;
      const next = await extendAppointment(db, d.id, { newAppointment: later, reason: 'Chờ xác minh của công an' }, MON_9AM + 2000);
      expect(next.appointmentAt).toBe(later);
      expect((await db.dossiers.get(d.id))!.appointmentAt).toBe(later);
      const entries = await db.outbox.toArray();
      expect(entries).toHaveLength(2);
      expect(toHoSo(entries[1].dossier).DanhSachHoSoBoSung).toHaveLength(1);
      const history = await dossierHistory(db, d.id);
      expect(history.at(-1)).toMatchObject({ action: 'extended', detail: { previousAppointmentAt: d.appointmentAt, newAppointmentAt: later } });
    });

    it('issue 9: refusal at reception goes straight to status 3 with form 03, never through 2', async () => {
      const data = { ...receiveData(), components: receiveData().components.map((c) => ({ ...c, submitted: false })) };
      await expect(refuseAtReception(db, data, '', MON_9AM)).rejects.toThrow(/lý do từ chối/);
      const d = await refuseAtReception(db, data, 'Thiếu giấy chứng sinh', MON_9AM);
      expect(d.status).toBe('refused');
      expect(toHoSo(d).TrangThaiHoSo).toBe(3);
      const history = await dossierHistory(db, d.id);
      expect(history.map((h) => h.action)).toEqual(['refuse']);
      expect(history[0].fromStatus).toBeNull();
      expect(printableForms(d, history)).toEqual(['03']);
      const outbox = await db.outbox.toArray();
      expect(outbox.map((o) => [o.kind, o.dossier.status])).toEqual([['dossier.received', 'refused']]);
    });

    it('fills a whole page of search results even when each dossier has many tokens under the prefix', async () => {
      // "Nguyễn Ngọc Nga" has five tokens starting "ng": the first, single request of 2 × 50 entries holds
      // only 20 dossiers, so the search must walk on to give 50 different ones.
      const rows = Array.from({ length: 60 }, (_, i) => ({ ...sampleDossier({ now: MON_9AM + i, applicant: { fullName: 'Nguyễn Ngọc Nga' }, lastSequence: i }) }));
      await db.dossiers.bulkAdd(rows);
      const found = await searchDossiers(db, 'ng');
      expect(found).toHaveLength(50);
      expect(new Set(found.map((d) => d.id)).size).toBe(50);
      // A third word is checked on the row: all 60 answer "nga ngoc nguyen", the page holds 50 of them.
      expect(await searchDossiers(db, 'nga nguyen ngoc')).toHaveLength(50);
      expect(await searchDossiers(db, 'nga nguyen lan')).toHaveLength(0);
    });

    it('searches by unaccented name, code, CCCD and phone', async () => {
      const an = await receiveDossier(db, receiveData(), MON_9AM);
      const huong = await receiveDossier(db, receiveData({ fullName: 'Đặng Thị Hường', gender: 'female', idNumber: '036195001111', dateOfBirth: '1995-01-01', phone: '0387654321' }), MON_9AM + 1);
      const ids = async (q: string) => (await searchDossiers(db, q)).map((d) => d.id).sort();
      expect(await ids('nguyen van an')).toEqual([an.id]);
      expect(await ids('NGUYỄN VĂN')).toEqual([an.id]);
      expect(await ids('dang')).toEqual([huong.id]);
      expect(await ids('huong')).toEqual([huong.id]);
      // Issue 9, defect 5: what the citizen says finds the dossier.
      expect(await ids('261123-0002')).toEqual([huong.id]);
      expect(await ids(huong.code.slice(-4))).toEqual([huong.id]);
      expect(await ids('H56-261123-0002')).toEqual([huong.id]);
      expect(await ids('nguyen an')).toEqual([an.id]);
      expect(await ids('an nguyen')).toEqual([an.id]);
      expect(await ids('huong dang')).toEqual([huong.id]);
      expect(await ids('654321')).toEqual([huong.id]);
      expect(await ids(huong.code)).toEqual([huong.id]);
      expect(await ids('036195')).toEqual([huong.id]);
      expect(await ids('0387 654')).toEqual([huong.id]);
      expect(await ids('000.17.22')).toEqual([an.id, huong.id].sort());
    });

    it('lists today’s intake, due and overdue dossiers, and filters by status', async () => {
      const a = await receiveDossier(db, receiveData(), MON_9AM);
      const b = await receiveDossier(db, receiveData(), MON_9AM + 1);
      await transitionDossier(db, b.id, 'hand_over', {}, MON_9AM + 2);
      const tuesday = MON_9AM + 24 * 3600_000;
      expect((await listDossiers(db, { scope: 'today', status: null, now: MON_9AM })).map((d) => d.id)).toEqual([b.id, a.id]);
      expect(await listDossiers(db, { scope: 'today', status: null, now: tuesday })).toEqual([]);
      expect((await listDossiers(db, { scope: 'due', status: null, now: tuesday })).map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
      expect((await listDossiers(db, { scope: 'all', status: 'processing', now: tuesday })).map((d) => d.id)).toEqual([b.id]);
      const counts = await countByStatus(db);
      expect(counts).toMatchObject({ received: 1, processing: 1, returned: 0 });
    });
  });

  describe(`calendar ownership (${label})`, () => {
    let db: DeskDb;
    beforeEach(async () => {
      db = openDeskDb(`cal-${crypto.randomUUID()}`);
      await setUpDesk(db);
    });
    afterEach(async () => {
      await db.delete();
    });

    const { overrides: _none, ...base } = DEFAULT_CALENDAR_CONFIG;
    const provinceCalendar = (version: number, overrides: { date: string; kind: 'off' | 'work'; note: string }[]) => ({
      catalog: null,
      office: null,
      calendar: { version, base, overrides },
      store: { epoch: 'province-store-1', floor: 0 },
      serverTime: MON_9AM,
    });
    const days = async () => (await loadDeskConfig(db)).calendarEntries.map((e) => `${e.date} ${e.kind} ${e.source}${e.supersededByDesk ? ' replaced' : ''}`);

    it('a province calendar never drops a day the desk added, before or after enrolment', async () => {
      // Before enrolment: the desk's own day, then the province's first calendar.
      await addDeskCalendarDay(db, { date: '2026-11-24', kind: 'off', note: 'Ngày Văn hóa Việt Nam' }, MON_9AM);
      await applyReference(db, provinceCalendar(1, [{ date: '2026-12-31', kind: 'off', note: 'Nghỉ bù' }]), MON_9AM + 1);
      expect(await days()).toEqual(['2026-11-24 off desk', '2026-12-31 off province']);
      // A day added after enrolment survives the next version, which also drops the province's 31/12.
      await addDeskCalendarDay(db, { date: '2026-12-26', kind: 'work', note: 'Làm bù theo UBND xã' }, MON_9AM + 2);
      await applyReference(db, provinceCalendar(2, [{ date: '2027-01-02', kind: 'off', note: 'Nghỉ bù Tết Dương lịch' }]), MON_9AM + 3);
      expect(await days()).toEqual(['2026-11-24 off desk', '2026-12-26 work desk', '2027-01-02 off province']);
      // Both take effect on appointments.
      expect((await loadDeskConfig(db)).calendar.overrides.map((o) => o.date).sort()).toEqual(['2026-11-24', '2026-12-26', '2027-01-02']);
    });

    it('on the same date the desk’s own day wins; the province’s entry is kept and shown as replaced', async () => {
      await applyReference(db, provinceCalendar(1, [{ date: '2026-12-26', kind: 'work', note: 'Làm bù theo tỉnh' }]), MON_9AM);
      await addDeskCalendarDay(db, { date: '2026-12-26', kind: 'off', note: 'Xã nghỉ lễ hội' }, MON_9AM + 1);
      expect(await days()).toEqual(['2026-12-26 work province replaced', '2026-12-26 off desk']);
      expect((await loadDeskConfig(db)).calendar.overrides).toEqual([{ date: '2026-12-26', kind: 'off', note: 'Xã nghỉ lễ hội' }]);
      // Removing the desk's day brings the province's back.
      await removeDeskCalendarDay(db, '2026-12-26', MON_9AM + 2);
      expect((await loadDeskConfig(db)).calendar.overrides).toEqual([{ date: '2026-12-26', kind: 'work', note: 'Làm bù theo tỉnh' }]);
    });

    it('every calendar change leaves an audit event, with who and what', async () => {
      await addDeskCalendarDay(db, { date: '2026-11-24', kind: 'off', note: 'Ngày Văn hóa Việt Nam' }, MON_9AM);
      await removeDeskCalendarDay(db, '2026-11-24', MON_9AM + 1);
      await applyReference(db, provinceCalendar(1, []), MON_9AM + 2);
      const events = (await db.audit.orderBy('seq').toArray()).filter((e) => e.action === 'calendar_changed' || e.action === 'reference_updated');
      expect(events.map((e) => [e.action, e.actor, e.summary, e.dossierId])).toEqual([
        ['calendar_changed', 'Trần Thị Bình', 'Thêm ngày của quầy: 24/11/2026 (nghỉ: Ngày Văn hóa Việt Nam)', null],
        ['calendar_changed', 'Trần Thị Bình', 'Bỏ ngày của quầy: 24/11/2026 (nghỉ: Ngày Văn hóa Việt Nam)', null],
        ['reference_updated', 'Hệ thống của tỉnh', 'Cập nhật từ tỉnh: lịch làm việc (phiên bản 1)', null],
      ]);
    });
  });
}

// The supervisor's commands over a real Dexie (fake-indexeddb): figures from the facts the database keeps,
// exports audited as 'exported' (masked unless revealed, and revealing needs the permission), payments
// with their outbox entry and audit event, status 6 continuing with the payment, the fee lists.
import 'fake-indexeddb/auto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_CATALOG } from '@shared/domain/catalog';
import { vnTime } from '@shared/calendar/vnTime';
import { openDeskDb, type DeskDb } from './db';
import { receiveDossier, transitionDossier } from './dossiers';
import { dashboard, exportLog, feeReportFor, recordPayment, unpaidDossiers, PaymentError, exportFeeReport, exportResultsReport } from './reports';
import { PermissionError, setSession } from './session';
import { setUpDesk, signInForTest } from './dossiers.cases';
import { sampleReceiveData } from '../../../test/fixtures/dossiers';

const CONTRACT = SEED_CATALOG.find((p) => p.code === '2.001035')!; // 50.000 đ per contract
const T0 = vnTime(2026, 11, 16, 9, 0);

describe('reports, exports and fees on the desk', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`rep-${crypto.randomUUID()}`);
    await setUpDesk(db);
  });
  afterEach(async () => {
    setSession(db, null);
    await db.delete();
  });

  it('records a payment with its outbox entry and audit; status 6 continues; the unpaid list and the day report follow', async () => {
    const a = await receiveDossier(db, sampleReceiveData({}, CONTRACT), T0);
    const b = await receiveDossier(db, sampleReceiveData({ fullName: 'Lê Thị Hoa', idNumber: '001190012345', gender: 'female' }, CONTRACT), T0 + 60_000);
    expect(a.fee).toBe(50_000);
    expect((await unpaidDossiers(db)).map((d) => d.code)).toEqual([a.code, b.code]);
    await expect(recordPayment(db, a.id, { amount: 40_000, method: 'cash', receiptNo: 'BL-1' }, T0 + 120_000)).rejects.toThrow(/khác phí, lệ phí phải thu/);
    await expect(recordPayment(db, a.id, { amount: 50_000, method: 'cash', receiptNo: '' }, T0 + 120_000)).rejects.toThrow(PaymentError);
    const paid = await recordPayment(db, a.id, { amount: 50_000, method: 'cash', receiptNo: 'BL-1' }, T0 + 120_000);
    expect(paid.payment).toMatchObject({ amount: 50_000, method: 'cash', receiptNo: 'BL-1', by: 'Trần Thị Bình', byId: 'test-admin' });
    await expect(recordPayment(db, a.id, { amount: 50_000, method: 'cash', receiptNo: 'BL-2' }, T0 + 130_000)).rejects.toThrow(/đã thu/);
    const outbox = await db.outbox.where('dossierId').equals(a.id).toArray();
    expect(outbox.map((e) => e.kind)).toEqual(['dossier.received', 'dossier.edited']);
    expect(outbox[1].dossier.payment?.receiptNo).toBe('BL-1');
    const audit = await db.audit.filter((e) => e.action === 'fee_paid').toArray();
    expect(audit).toHaveLength(1);

    // b: the payment is requested (status 6); recording it moves the dossier on.
    await transitionDossier(db, b.id, 'hand_over', {}, T0 + 3600_000);
    await transitionDossier(db, b.id, 'request_payment', { reason: 'Nộp lệ phí chứng thực' }, T0 + 2 * 3600_000);
    const resumed = await recordPayment(db, b.id, { amount: 50_000, method: 'qr', receiptNo: 'BL-2' }, vnTime(2026, 11, 17, 9, 0));
    expect(resumed.status).toBe('processing');
    expect(resumed.pausedAt).toBeNull();
    expect((await db.outbox.where('dossierId').equals(b.id).last())?.kind).toBe('dossier.transition');

    expect(await unpaidDossiers(db)).toEqual([]);
    const day16 = await feeReportFor(db, '2026-11-16');
    expect(day16.total).toEqual({ count: 1, cash: 50_000, transfer: 0, qr: 0, total: 50_000 });
    expect((await feeReportFor(db, '2026-11-17')).total.qr).toBe(50_000);
  });

  it('the dashboard counts from the facts the database keeps in step with every command', async () => {
    const a = await receiveDossier(db, sampleReceiveData({}, CONTRACT), T0);
    await transitionDossier(db, a.id, 'hand_over', {}, T0 + 3600_000);
    await transitionDossier(db, a.id, 'mark_processed', {}, T0 + 2 * 3600_000);
    await receiveDossier(db, sampleReceiveData({ fullName: 'Lê Thị Hoa', idNumber: '001190012345', gender: 'female' }, CONTRACT), T0 + 60_000);
    const d = await dashboard(db, 'week', vnTime(2026, 11, 20, 12));
    // Contract 2 working days from Mon 16/11 → Wed 18/11 17:00. a finished Mon 11:00: early. The other
    // is in progress and past Wed 18/11 17:00 at Fri 20/11 12:00: overdue.
    expect(d.report.total).toMatchObject({ received: 2, receivedDesk: 2, resolved: 1, early: 1, inProgress: 1, overdue: 1 });
    expect(d.from).toBe('2026-11-16');
  });

  it('every export is audited as exported; masked by default; full values need the reveal permission', async () => {
    await receiveDossier(db, sampleReceiveData({}, CONTRACT), T0);
    const filter = { from: '2026-11-16', to: '2026-11-16' };
    const csv = await exportLog(db, filter, 'csv', false, T0 + 1000);
    const text = new TextDecoder().decode(csv.bytes);
    expect(text).toContain('0010••••2345');
    expect(text).not.toContain('001090012345');
    const xlsx = await exportLog(db, filter, 'xlsx', true, T0 + 2000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as never);
    expect(wb.worksheets[0].getRow(8).getCell(14).value).toBe('001090012345'); // not masked: no remark row, header at 7
    const pdf = await exportLog(db, filter, 'pdf', false, T0 + 3000);
    expect(pdf.trackingRows?.[0].phone).toBe('09••••5678');
    await exportFeeReport(db, '2026-11-16', 'csv', T0 + 4000);
    await exportResultsReport(db, '2026-11-01', '2026-11-30', T0 + 5000);
    const events = await db.audit.filter((e) => e.action === 'exported').toArray();
    expect(events.map((e) => [e.detail.what, e.detail.format, e.detail.reveal])).toEqual([
      ['tracking_book', 'csv', false], ['tracking_book', 'xlsx', true], ['tracking_book', 'pdf', false], ['fee_report', 'csv', false], ['results_report', 'xlsx', false],
    ]);
    expect(JSON.stringify(events)).not.toContain('001090012345');

    signInForTest(db, 'postal', 'Bưu điện');
    await expect(exportLog(db, filter, 'csv', false)).rejects.toThrow(PermissionError);
    signInForTest(db, 'supervisor', 'Lãnh đạo');
    await expect(exportLog(db, filter, 'csv', true)).resolves.toMatchObject({ rows: 1 });
    await expect(recordPayment(db, 'x', { amount: 1, method: 'cash', receiptNo: '1' })).rejects.toThrow(PermissionError);
  });
});

// Runs inside Chromium on the same origin as the app, against the app's own database and code.
import { vnDateKey, vnTime } from '@shared/calendar/vnTime';
import { SEED_CATALOG } from '@shared/domain/catalog';
import { sampleDossier, sampleReceiveData, SAMPLE_DESK, SAMPLE_OFFICE } from '../../fixtures/dossiers';
import { DOSSIER_STATUSES } from '@shared/domain/status';
import type { ReceiveData } from '@shared/domain/dossier';
import { DB_NAME, openDeskDb } from '../../../renderer/src/db/db';
import { listDossiers, receiveDossier, searchDossiers } from '../../../renderer/src/db/dossiers';
import { setSession } from '../../../renderer/src/db/session';
import { auditEvent } from '../../../renderer/src/db/records';
import { createAccount, hashPassword, login } from '../../../renderer/src/db/accounts';
import { verifyAuditChain } from '../../../renderer/src/db/audit';
import { blobSink, createBackup, restoreBackup } from '../../../renderer/src/db/backup';
import { ensureCatalog, saveSetup } from '../../../renderer/src/db/settings';
import { loadFormFonts } from '../../../renderer/src/features/printing/fonts';
import type { FormFonts } from '@shared/forms/types';
import { dashboard } from '../../../renderer/src/db/reports';
import { factsOfDays } from '../../../renderer/src/db/facts';
import { logCsv, logRows } from '@shared/reports/log';
import { computeFigures, figureSeries, periodContaining } from '@shared/reports/figures';
import { measureScans } from './scanBench';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Hoài', 'Xuân', 'Kim'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hòa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phúc', 'Quân', 'Quỳnh', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Tuấn', 'Vân', 'Yến'];

let seed = 42;
// The high bits of the LCG: its low bits cycle too fast for small ranges.
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor((seed / 2 ** 31) * n));
const pick = <T,>(xs: T[]) => xs[rand(xs.length)];

function applicant(i: number): ReceiveData['applicant'] {
  const gender = rand(2) === 0 ? 'male' : 'female';
  const year = 1950 + rand(60);
  const digit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  return {
    fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
    idNumber: `0${String(1 + rand(96)).padStart(2, '0')}${digit}${String(year % 100).padStart(2, '0')}${String(i).padStart(6, '0')}`,
    dateOfBirth: `${year}-0${1 + rand(9)}-1${rand(9)}`,
    gender,
    address: `Thôn ${pick(GIVEN)}, xã ${pick(GIVEN)} ${pick(MIDDLE)}, tỉnh ${pick(FAMILY)}`,
    phone: `09${String(rand(100_000_000)).padStart(8, '0')}`,
    email: '',
  };
}

const OFFICE = SAMPLE_OFFICE;
const DESK = SAMPLE_DESK;

/** Seeds n dossiers spread over the last year up to now, with statuses as a real desk would have. */
async function seedDossiers(n: number) {
  await indexedDBDelete();
  const db = openDeskDb();
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  await ensureCatalog(db);
  await saveSetup(db, OFFICE, DESK);
  const now = Date.now();
  const start = performance.now();
  const perDay = new Map<string, number>();
  const BATCH = 5000;
  for (let b = 0; b < n; b += BATCH) {
    const batch = [];
    for (let i = b; i < Math.min(n, b + BATCH); i++) {
      const procedure = SEED_CATALOG[rand(SEED_CATALOG.length)];
      const receivedAt = now - rand(365 * 24) * 3600_000;
      const day = vnDateKey(receivedAt);
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const dossier = sampleDossier({
        now: receivedAt, procedure, applicant: applicant(i), codePattern: '{AGENCY}-{YYYYMMDD}-{SEQ:7}', lastSequence: seq - 1,
      });
      const age = now - receivedAt;
      dossier.status = age < 3 * 86400_000 ? pick(['received', 'processing', 'supplement_requested'] as const) : age < 30 * 86400_000 ? pick([...DOSSIER_STATUSES]) : pick(['returned', 'returned', 'returned', 'refused', 'withdrawn'] as const);
      batch.push(dossier);
    }
    await db.dossiers.bulkAdd(batch);
    // One audit event per dossier, chained by the database as the app writes them.
    await db.audit.bulkAdd(batch.map((d) => auditEvent({ dossierId: d.id, action: 'received', actor: DESK.officerName, summary: `Tiếp nhận hồ sơ ${d.code}`, at: d.receivedAt, toStatus: d.status })));
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { count: n, seconds };
}

function indexedDBDelete() {
  return new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1];

async function measureQueries() {
  const db = openDeskDb();
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  await db.open();
  const queries: string[] = [];
  for (const f of FAMILY) for (const m of MIDDLE.slice(0, 3)) queries.push(`${f} ${m}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase());
  const fifty = [...queries.slice(0, 40), ...GIVEN.slice(0, 10).map((g) => g.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase())];
  const searchTimes: number[] = [];
  let found = 0;
  for (const q of fifty) {
    const t = performance.now();
    found += (await searchDossiers(db, q)).length;
    searchTimes.push(performance.now() - t);
  }
  // Issue 9: what the citizen says. The code's tail ("date-sequence" and the last digits) and the family
  // and given name without the middle name, given-name first half of the time.
  const total = await db.dossiers.count();
  const samples: { code: string; fullName: string }[] = [];
  for (let k = 0; k < 50; k++) {
    const d = await db.dossiers.orderBy('receivedAt').offset(Math.floor((k * total) / 50)).first();
    if (d) samples.push({ code: d.code, fullName: d.applicant.fullName });
  }
  const fold = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
  const suffixTimes: number[] = [];
  const tokenTimes: number[] = [];
  let suffixFound = 0;
  let tokensFound = 0;
  for (const [k, s] of samples.entries()) {
    const parts = s.code.split('-');
    const q = k % 2 === 0 ? parts.slice(-2).join('-') : parts[parts.length - 1].slice(-4);
    let t = performance.now();
    const hits = await searchDossiers(db, q);
    suffixTimes.push(performance.now() - t);
    if (hits.some((h) => h.code === s.code) || hits.length === 50) suffixFound++;
    const words = fold(s.fullName).split(' ');
    const nq = k % 2 === 0 ? `${words[0]} ${words[words.length - 1]}` : `${words[words.length - 1]} ${words[0]}`;
    t = performance.now();
    const named = await searchDossiers(db, nq);
    tokenTimes.push(performance.now() - t);
    if (named.length > 0) tokensFound++;
  }
  const listTimes: number[] = [];
  for (const status of ['processing', 'received', 'returned', 'supplement_requested'] as const) {
    const t = performance.now();
    await listDossiers(db, { scope: 'all', status, now: Date.now() });
    listTimes.push(performance.now() - t);
  }
  // The receive command on the full database: code, appointment, dossier, outbox and audit.
  const saveTimes: number[] = [];
  const procedure = SEED_CATALOG[0];
  for (let i = 0; i < 100; i++) {
    const data = sampleReceiveData(applicant(900_000 + i), procedure);
    const t = performance.now();
    await receiveDossier(db, data, vnTime(2026, 1, 5, 8, 0) + i * 1000);
    saveTimes.push(performance.now() - t);
  }
  db.close();
  return { searchP95: p95(searchTimes), found, listFirstPage: Math.max(...listTimes), saveP95: p95(saveTimes), suffixP95: p95(suffixTimes), tokensP95: p95(tokenTimes), suffixFound, tokensFound };
}

/** Form 01 and form 07 as the desk renders them in this browser: fonts fetched from the bundle. */
async function measureForms() {
  const db = openDeskDb();
  await db.open();
  const [office, dossiers] = [OFFICE, await db.dossiers.limit(500).toArray()];
  db.close();
  // Cold: as in the app, the forms code and the fonts load on the first print.
  const t0 = performance.now();
  const [{ form01Input, renderForm, trackingRowFromDossier }, fonts] = await Promise.all([import('@shared/forms'), loadFormFonts()]);
  const slip = (fonts: FormFonts, i: number) => renderForm('01', form01Input(dossiers[i % dossiers.length], { office, officerName: DESK.officerName, paperSize: 'A5' }, true), fonts);
  const first = await slip(fonts, 0);
  const cold = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 1; i <= 50; i++) {
    const t = performance.now();
    await slip(fonts, i);
    warm.push(performance.now() - t);
  }
  const t1 = performance.now();
  await renderForm('07', { office, from: '2026-01-01', to: '2026-12-31', rows: dossiers.map((d) => trackingRowFromDossier(d)) }, fonts);
  const book = performance.now() - t1;
  return { cold, warmP95: p95(warm), bytes: first.byteLength, book, rows: dossiers.length };
}

/**
 * The supervisor's figures for a year over every seeded dossier (the facts table the database keeps), and
 * the tracking book of 10,000 rows as .xlsx and .csv (rows, masking and the file; the read is not counted).
 */
async function measureReports() {
  const db = openDeskDb();
  await db.open();
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  const facts = (await db.dossierFacts.toArray()).reduce((n, b) => n + b.count, 0);
  const runs: number[] = [];
  let received = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const d = await dashboard(db, 'year', Date.now());
    runs.push(performance.now() - t);
    received = d.report.total.received + d.report.total.carriedOver;
  }
  // Where the time goes: the read of the facts, and the figures computed from them.
  const tr = performance.now();
  const days = await db.dossierFacts.toArray();
  const readMs = performance.now() - tr;
  const tu = performance.now();
  const all = factsOfDays(days);
  const unpackMs = performance.now() - tu;
  const tf = performance.now();
  const year = periodContaining('year', Date.now());
  computeFigures(all, year, Date.now());
  figureSeries(all, year, 'year');
  const computeMs = performance.now() - tf;
  const dossiers = await db.dossiers.limit(10_000).toArray();
  db.close();
  const filter = { from: '2025-01-01', to: '2026-12-31' };
  const { logXlsx } = await import('@shared/reports/logXlsx');
  const tx = performance.now();
  const xlsx = await logXlsx(logRows(dossiers), filter, OFFICE, true);
  const xlsxMs = performance.now() - tx;
  const tc = performance.now();
  const csv = new TextEncoder().encode(logCsv(logRows(dossiers)));
  const csvMs = performance.now() - tc;
  const sorted = [...runs].sort((a, b) => a - b);
  return { readMs, unpackMs, computeMs, facts, received, dashboardMedian: sorted[2], dashboardMax: sorted[4], dashboardFirst: runs[0], xlsxMs, csvMs, rows: dossiers.length, xlsxBytes: xlsx.byteLength, csvBytes: csv.byteLength };
}

/** The KDF cost of one login, and the integrity check over the 100,000-event chain. */
async function measureAccounts() {
  const db = openDeskDb();
  await db.open();
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  await createAccount(db, { username: 'benchlogin', displayName: 'Bench login', role: 'officer', password: 'bench-password' });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await login(db, 'benchlogin', 'bench-password');
    times.push(performance.now() - t);
  }
  // The cold-load page logs in as this account through the restored session.
  await db.accounts.put({ id: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', passwordHash: await hashPassword('bench-password'), failedAttempts: 0, lockedUntil: 0, createdAt: Date.now() });
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  const t = performance.now();
  const check = await verifyAuditChain(db);
  const verify = performance.now() - t;
  db.close();
  return { loginMs: times.sort((a, b) => a - b)[1], verifyMs: verify, checked: check.checked, ok: check.ok };
}

/** An encrypted backup of the seeded desk (100,000 dossiers, their outbox and audit), and its restore into a fresh profile. */
async function measureBackup() {
  const db = openDeskDb();
  await db.open();
  setSession(db, { accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false });
  const sink = blobSink();
  const t0 = performance.now();
  const made = await createBackup(db, 'mật khẩu đo hiệu năng', sink);
  const blob = sink.blob();
  const backupMs = performance.now() - t0;
  // Restored on a new machine: the seeded desk goes first, as a bench context's storage quota cannot hold
  // 100,000 dossiers twice (QuotaExceededError). The restore takes its place, and the cold load after
  // this opens the app on the restored desk.
  await db.delete();
  const fresh = openDeskDb();
  const t1 = performance.now();
  const restored = await restoreBackup(fresh, blob, 'mật khẩu đo hiệu năng');
  const restoreMs = performance.now() - t1;
  const dossiers = await fresh.dossiers.count();
  fresh.close();
  return { backupMs, restoreMs, bytes: blob.size, dossiers, counted: made.counts.dossiers, restoredCount: restored.counts.dossiers };
}

Object.assign(window, { bench: { seedDossiers, measureQueries, measureForms, measureAccounts, measureReports, measureBackup, measureScans } });
document.title = 'ready';

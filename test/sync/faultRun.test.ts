// Issue 8's fault run at a size CI affords: three desks (one with a clock seven minutes ahead) and the real server through the fault proxy, with
// every kind of fault, a server killed mid-run, province decisions and appointment extensions racing the
// desks' own actions, conflicts settled both ways, one item a firewall refuses, a revoked credential, then an outage with the
// background loops running. It must end with every field of every dossier equal on both sides, every
// province change once in the desk's history, and the desks in sync within 60 s of the network's return.
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { TRANSITIONS, type TransitionAction } from '../../shared/domain/status';
import { hoSoDigest, statusFromCode, toHoSo } from '../../shared/sync/mapping';
import { fromVnStamp } from '../../shared/sync/time';
import { editApplicant, receiveDossier, transitionDossier } from '../../renderer/src/db/dossiers';
import { receiveData } from '../../renderer/src/db/dossiers.cases';
import { acknowledgePeerConflict, resolveWithDesk, resolveWithProvince, retryQuarantined } from '../../renderer/src/sync/conflicts';
import { loadCredential } from '../../renderer/src/sync/credentials';
import { outboxCounts } from '../../renderer/src/sync/dossierState';
import type { Province } from '../../server/store';
import { FaultProxy, type Fault } from './faultProxy';
import { AGENCY, DAY_START, cleanup, createAgency, expectSameOnBothSides, makeDesk, openProvince, startServer, type ServerProcess, type TestDesk } from './harness';

const ROUNDS = 10;
const FAULTS: Fault[] = ['refuse', 'drop_after_commit', 'status500', 'html', 'truncate', 'schema', 'duplicate', 'replay_previous', { delayMs: 200 }];
const PATHS = ['/v1/changes', '/v1/province-changes', '/v1/reference', '/v1/holdings'];

/** A small seeded generator, so a failing run can be replayed. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const DETAILS: Record<TransitionAction, unknown> = {
  hand_over: {},
  request_supplement: { reason: 'Thiếu bản sao giấy tờ' },
  request_payment: { reason: 'Chưa nộp lệ phí' },
  refuse: { reason: 'Không thuộc thẩm quyền' },
  withdraw: { reason: 'Công dân xin rút' },
  stop: { reason: 'Theo yêu cầu của cơ quan' },
  mark_processed: {},
  return_result: { collectedBy: 'Nguyễn Văn Bình', method: 'desk' },
};

let server: ServerProcess;
let proxy: FaultProxy;
let p: Province;
const desks: TestDesk[] = [];

afterAll(async () => {
  await proxy?.close();
  await p?.close();
  await server?.stop().catch(() => {});
  if (server) await cleanup(server);
  await Promise.all(desks.map((d) => d.close()));
});

describe('issue 8: the fault run', () => {
  it('ends with both sides equal in every field, each province change once in history, in sync within 60 s of the network’s return', { timeout: 180_000 }, async () => {
    const seed = Number(process.env.FAULT_RUN_SEED ?? 8);
    const random = lcg(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    server = await startServer();
    p = await openProvince(server);
    await createAgency(p, 3);
    proxy = await new FaultProxy(server.url).start();
    for (const deskNo of [1, 2, 3]) {
      // Desk 3's clock is seven minutes ahead.
      const d = await makeDesk(deskNo, 3, { timeoutMs: 1_000, ...(deskNo === 3 ? { now: () => Date.now() + 7 * 60_000 } : {}) });
      desks.push(d);
      await d.engine.enrol(proxy.url, await p.issueEnrolmentCode(AGENCY, deskNo), `Quầy ${deskNo}`);
    }
    // A web firewall refuses one applicant's address.
    proxy.refusals.push({ test: (path, body) => path === '/v1/changes' && body.includes("' OR '1'='1"), status: 403 });
    const tally = { dossiers: 0, deskChanges: 0, provinceChanges: 0, faults: 0, conflictsSettled: 0 };
    let clock = DAY_START;

    async function deskWork(desk: TestDesk, i: number) {
      for (let k = 0; k < 3; k++) {
        const evil = i === 2 && k === 0 && desk === desks[0];
        await receiveDossier(desk.db, receiveData({ fullName: `Trần Thị ${String.fromCharCode(65 + Math.floor(random() * 26))}`, ...(evil ? { address: "1' OR '1'='1, thôn Đông" } : {}) }), (clock += 60_000));
        tally.dossiers++;
        tally.deskChanges++;
      }
      const mine = await desk.db.dossiers.toArray();
      for (let k = 0; k < 3; k++) {
        const d = pick(mine);
        const current = (await desk.db.dossiers.get(d.id))!;
        const actions = (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => (TRANSITIONS[a].from as readonly string[]).includes(current.status));
        try {
          if (actions.length && random() < 0.75) await transitionDossier(desk.db, d.id, pick(actions), DETAILS[pick(actions)] && DETAILS[actions[0]], (clock += 60_000));
          else await editApplicant(desk.db, d.id, { ...current.applicant, address: `Số ${Math.floor(random() * 200)} thôn Tây` }, (clock += 60_000));
          tally.deskChanges++;
        } catch {
          // a final dossier cannot be edited, a detail may not fit the action: the officer sees it
        }
      }
    }

    async function provinceWork() {
      const all = (await p.listDossiers({ agencyCode: AGENCY }));
      for (let k = 0; k < 4 && all.length; k++) {
        const d = pick(all);
        const status = statusFromCode(d.record.TrangThaiHoSo)!;
        const nexts = (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => (TRANSITIONS[a].from as readonly string[]).includes(status)).map((a) => TRANSITIONS[a].to);
        if (random() < 0.25) await p.setAppointment({ agencyCode: AGENCY, code: d.record.MaHoSo }, fromVnStamp(d.record.NgayHenTra)! + 86_400_000, { note: 'Gia hạn' });
        else if (nexts.length) await p.setStatus({ agencyCode: AGENCY, code: d.record.MaHoSo }, pick(nexts), { note: 'Quyết định của phòng chuyên môn', person: 'Lê Văn Cường' });
        else await p.setStatus({ agencyCode: AGENCY, code: d.record.MaHoSo }, status, { note: 'Cập nhật tiến độ' }); // a repeated status
        tally.provinceChanges++;
      }
    }

    async function settleConflicts(desk: TestDesk) {
      for (const c of await desk.db.conflicts.where('open').equals(1).toArray()) {
        // Another desk's clash with this desk's change (issue 14): the officer has seen it.
        if (c.kind === 'peer') await acknowledgePeerConflict(desk.db, c.id);
        else if (random() < 0.5) await resolveWithDesk(desk.db, c.id);
        else await resolveWithProvince(desk.db, c.id);
        tally.conflictsSettled++;
      }
    }

    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, desk] of desks.entries()) await deskWork(desk, round + i);
      await provinceWork();
      for (let f = 0; f < 3; f++) {
        proxy.inject(pick(PATHS), pick(FAULTS));
        tally.faults++;
      }
      if (round === 3) {
        // Desk 2's credential is revoked: it says so, keeps everything, and is enrolled again with a new code.
        const deviceId = (await loadCredential(desks[1].secrets))!.deviceId;
        await p.expireCredentials({ deviceId });
        // (A fault queued for this request may answer first: the desk tries again.)
        let outcome = await desks[1].engine.runCycle();
        for (let i = 0; i < 5 && !(outcome.ok === false && outcome.reason === 'auth'); i++) outcome = await desks[1].engine.runCycle();
        expect(outcome).toMatchObject({ ok: false, reason: 'auth' });
        await desks[1].engine.enrol(proxy.url, await p.issueEnrolmentCode(AGENCY, 2), 'Quầy 2');
      }
      if (round === Math.floor(ROUNDS / 2)) {
        // A power cut at the province in the middle of the run.
        const cycle = desks[0].engine.runCycle();
        await server.kill();
        await cycle;
        server = await server.restart();
      }
      for (const desk of desks) {
        await desk.engine.runCycle();
        await settleConflicts(desk);
      }
    }

    // The firewall is fixed; the officer sends the refused change again.
    proxy.refusals.length = 0;
    for (const desk of desks) for (const e of await desk.db.outbox.where('state').equals('quarantined').toArray()) await retryQuarantined(desk.db, e.seq!).catch(() => {});
    for (let i = 0; i < 6; i++) for (const desk of desks) {
      await desk.engine.runCycle({ wait: true });
      await settleConflicts(desk);
    }

    // The outage: the background loops run (default probe period and backoff), the officers keep working
    // and every command nudges; the province decides on dossiers the desks leave alone.
    proxy.down = true;
    const controllers = desks.map(() => new AbortController());
    const loops = desks.map((d, i) => d.engine.run(controllers[i].signal));
    const provinceOnly = new Set<string>();
    for (let k = 0; k < 4; k++) {
      for (const [i, desk] of desks.entries()) {
        const d = await receiveDossier(desk.db, receiveData(), (clock += 60_000));
        tally.dossiers++;
        tally.deskChanges++;
        if (k === 0) await transitionDossier(desk.db, d.id, 'hand_over', {}, (clock += 60_000));
        loops[i].nudge();
      }
      await new Promise((r) => setTimeout(r, 400));
    }
    const untouched = (await p.listDossiers({ agencyCode: AGENCY })).filter((d) => d.record.TrangThaiHoSo === 2).slice(0, 4);
    for (const d of untouched) {
      await p.setStatus({ agencyCode: AGENCY, code: d.record.MaHoSo }, 'processing', { note: 'Đã nhận hồ sơ giấy' });
      provinceOnly.add(d.id);
      tally.provinceChanges++;
    }
    proxy.down = false;
    const back = Date.now();
    const converged = async () => {
      for (const desk of desks) if ((await outboxCounts(desk.db)).unsent) return false;
      for (const id of provinceOnly) {
        const holder = (await Promise.all(desks.map((d) => d.db.dossiers.get(id)))).find(Boolean);
        if (holder && holder.status !== 'processing') return false;
      }
      return true;
    };
    while (!(await converged()) && Date.now() - back < 70_000) await new Promise((r) => setTimeout(r, 100));
    const seconds = (Date.now() - back) / 1000;
    controllers.forEach((c) => c.abort());
    await Promise.all(loops.map((l) => l.done));
    // Every desk holds the other desks' dossiers too (issue 14): each follows their last changes at its next
    // cycle, and acknowledges a clash another desk's change had with its own.
    // (The faults injected in the last round may still wait for their requests: a few cycles, bounded.)
    const deskCopiesFollow = async () => {
      const held = new Map((await p.listDossiers({ agencyCode: AGENCY })).map((d) => [d.id, hoSoDigest(d.record)]));
      for (const desk of desks) {
        if ((await outboxCounts(desk.db)).unsent || (await desk.db.conflicts.where('open').equals(1).count())) return false;
        for (const d of await desk.db.dossiers.toArray()) if (held.get(d.id) !== hoSoDigest(toHoSo(d))) return false;
      }
      return true;
    };
    for (let i = 0; i < 10 && !(await deskCopiesFollow()); i++) for (const desk of desks) {
      await desk.engine.runCycle({ wait: true });
      await settleConflicts(desk);
    }

    console.log(`fault run (seed ${seed}): ${JSON.stringify({ ...tally, atProvince: (await p.stats()), convergeSeconds: seconds })}`);
    if (process.env.FAULT_RUN_DEBUG) {
      for (const desk of desks) for (const d of await desk.db.dossiers.toArray()) {
        const s = (await p.listDossiers()).find((x) => x.id === d.id)!;
        if (JSON.stringify(s.record) !== JSON.stringify({ ...s.record, ...toHoSo(d) })) {
          console.log(d.code, JSON.stringify(s.record.NgayKetThucXuLy), JSON.stringify((await desk.db.audit.where('dossierId').equals(d.id).sortBy('seq')).map((a) => [a.action, a.summary.slice(0, 60), a.toStatus, a.detail.provinceSeq])));
          console.log(JSON.stringify(await p.provinceChangeRows({ dossierId: d.id })));
          console.log(JSON.stringify(await p.appliedChangeRows(d.id)));
          console.log(JSON.stringify((await desk.db.outbox.where('dossierId').equals(d.id).toArray()).map((e) => [e.kind, e.state, e.dossier.status, e.dossier.rev, e.dossier.finishedAt, (e.dossier as {provinceSeq?: number}).provinceSeq])));
        }
      }
    }
    expect(seconds).toBeLessThan(60);
    for (const desk of desks) expect(await desk.db.conflicts.where('open').equals(1).count()).toBe(0);
    await expectSameOnBothSides(desks.map((d) => d.db), p);
    // Every province change reached its desk's history exactly once.
    for (const desk of desks) {
      const deviceId = (await loadCredential(desk.secrets))!.deviceId;
      const changes = await p.provinceChangeRows({ deviceId });
      // The province's own changes (the other desks' dossiers as they stand, source peer, come besides: issue 14).
      const events = (await desk.db.audit.toArray()).filter((a) => a.action === 'province_update' && a.detail.source === 'province');
      const count = new Map<string, number>();
      for (const e of events) count.set(`${e.dossierId}:${e.detail.provinceSeq}`, (count.get(`${e.dossierId}:${e.detail.provinceSeq}`) ?? 0) + 1);
      for (const c of changes) expect(count.get(`${c.dossierId}:${c.seq}`), `province change ${c.seq}`).toBe(1);
      expect(events).toHaveLength(changes.length);
    }
  });
});

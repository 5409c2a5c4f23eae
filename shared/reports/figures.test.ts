import { describe, expect, it } from 'vitest';
import { computeFigures, factsOf, periodContaining, periodOfDays, figureSeries, onTimeRate } from './figures';
import { judge, resolutionOf } from './onTime';
import { DOSSIERS, EXPECTED, NOW, at, buildFixtureDossiers } from '../../test/fixtures/reports/figures-fixture';

describe('the figures against the hand-worked fixture (test/fixtures/reports/figures-fixture.ts)', async () => {
  const dossiers = await buildFixtureDossiers();
  const facts = [...dossiers.values()].map(factsOf);

  it('builds the appointments the fixture worked out by hand', () => {
    for (const x of DOSSIERS) if (x.appointmentAt != null) expect([x.key, dossiers.get(x.key)!.originalAppointmentAt]).toEqual([x.key, x.appointmentAt]);
  });

  it('the supplement pause turns a late dossier into an on-time one', () => {
    const p = EXPECTED.pauseCase;
    const d = dossiers.get(p.key)!;
    expect(d.appointmentAt).toBe(p.appointmentAfterPause);
    expect(d.finishedAt).toBe(p.finishedAt);
    expect(judge(d, NOW)).toEqual({ finished: true, resolution: p.withPause });
    expect(resolutionOf(d.finishedAt!, d.originalAppointmentAt)).toBe(p.withoutPause);
  });

  it('an apology (form 04) does not make a late dossier on time', () => {
    const l = dossiers.get('L')!;
    expect(l.appointmentAt).toBe(at(23, 17));
    expect(judge(l, NOW)).toEqual({ finished: true, resolution: 'late' });
  });

  it('week of 16/11: totals and per field', () => {
    const r = computeFigures(facts, periodOfDays(EXPECTED.week.from, EXPECTED.week.to), NOW);
    expect(r.total).toEqual(EXPECTED.week.total);
    for (const [field, want] of Object.entries(EXPECTED.week.byField)) expect([field, r.byField.find((x) => x.key === field)?.figures]).toEqual([field, want]);
    expect(r.byField).toHaveLength(2);
  });

  it('month of November: totals; the week as periodContaining gives the same as the days', () => {
    const month = periodContaining('month', NOW);
    expect(month).toMatchObject(periodOfDays(EXPECTED.month.from, EXPECTED.month.to));
    expect(computeFigures(facts, month, NOW).total).toEqual(EXPECTED.month.total);
    expect(periodContaining('week', at(19, 12))).toMatchObject(periodOfDays(EXPECTED.week.from, EXPECTED.week.to));
    expect(onTimeRate(EXPECTED.month.total)).toBeCloseTo(4 / 7);
  });

  it('the charts series add up to the same received and resolved counts', () => {
    const month = periodContaining('month', NOW);
    const s = figureSeries(facts, month, 'month');
    expect(s).toHaveLength(30);
    const sum = (k: 'desk' | 'post' | 'online' | 'early' | 'onTime' | 'late') => s.reduce((n, p) => n + p[k], 0);
    expect([sum('desk'), sum('post'), sum('online')]).toEqual([7, 2, 2]);
    expect([sum('early'), sum('onTime'), sum('late')]).toEqual([2, 2, 3]);
    expect(s[15]).toMatchObject({ label: '16/11', desk: 3, post: 1, online: 1 }); // A D L (H refused: not counted) · B · C
  });

  it('quarter and year periods, in Vietnam time', () => {
    expect(periodContaining('quarter', NOW)).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodContaining('year', NOW)).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodContaining('day', at(1, 0, 30))).toMatchObject({ from: '2026-11-01' });
  });
});

describe('the channel of a dossier collected by postal staff (issue 11)', () => {
  it('is counted as received by post, and a desk dossier as in person', async () => {
    const { sampleDossier } = await import('../../test/fixtures/dossiers');
    const now = Date.UTC(2026, 10, 23, 2, 0);
    const atDesk = sampleDossier({ now });
    const collected = { ...sampleDossier({ now: now + 1000, lastSequence: 1 }), postal: { collectedAt: now - 3600_000, place: 'Bưu cục Mường Ảng', inboundWaybill: 'RR473124829VN', postalFee: 25000, collectorId: null, collectorName: 'Quàng Văn Sơn' } };
    const r = computeFigures([atDesk, collected].map(factsOf), periodOfDays('2026-11-23', '2026-11-23'), now + 2000);
    expect([r.total.received, r.total.receivedDesk, r.total.receivedPost, r.total.receivedOnline]).toEqual([2, 1, 1, 0]);
  });
});

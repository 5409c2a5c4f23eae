import { describe, expect, it } from 'vitest';
import { allowedActions, canTransition, DVCQG_STATUS_CODE, TRANSITIONS, isFinal, offeredActions } from './status';

describe('status machine', () => {
  it('maps each status to its DVCQG TrangThaiHoSo code', () => {
    expect(DVCQG_STATUS_CODE).toEqual({
      received: 2, refused: 3, processing: 4, supplement_requested: 5, financial_obligation: 6,
      withdrawn: 7, stopped: 8, processed: 9, returned: 10,
    });
  });
  it('offers what a desk can do with a freshly received dossier', () => {
    expect(allowedActions('received').sort()).toEqual(['hand_over', 'refuse', 'request_supplement', 'withdraw'].sort());
  });
  it('only returns a processed result', () => {
    expect(allowedActions('processed')).toEqual(['return_result']);
    expect(canTransition('processing', 'return_result')).toBe(false);
  });
  it('resumes processing after a supplement', () => {
    expect(canTransition('supplement_requested', 'hand_over')).toBe(true);
  });
  it('offers nothing for final statuses', () => {
    for (const s of ['refused', 'withdrawn', 'stopped', 'returned'] as const) {
      expect(isFinal(s)).toBe(true);
      expect(allowedActions(s)).toEqual([]);
    }
  });
  it('never moves a dossier into the state it is in', () => {
    for (const t of Object.values(TRANSITIONS)) expect(t.from).not.toContain(t.to);
  });
});

describe('offeredActions', () => {
  it('puts the usual next step first and offers only allowed ones', () => {
    expect(offeredActions('received')[0]).toBe('hand_over');
    expect(offeredActions('processing')[0]).toBe('mark_processed');
    expect(offeredActions('processed')).toEqual(['return_result']);
    for (const s of ['received', 'processing', 'supplement_requested', 'processed'] as const) {
      expect([...offeredActions(s)].sort()).toEqual([...allowedActions(s)].sort());
    }
  });
});

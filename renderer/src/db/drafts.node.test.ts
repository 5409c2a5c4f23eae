import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDeskDb } from './db';
import { setSession } from './session';
import { discardDraft, loadDraft, saveDraft } from './drafts';

describe('drafts for an account that may not receive', () => {
  const db = openDeskDb(`drafts-${crypto.randomUUID()}`);
  afterEach(() => setSession(db, null));

  it('refuse with a rejected promise, never a synchronous throw (the reception page chains .catch; a throw crashed it for a supervisor)', async () => {
    setSession(db, { accountId: 'sup', username: 'sup', displayName: 'Lãnh đạo', role: 'supervisor', locked: false });
    let p: Promise<unknown> | undefined;
    expect(() => { p = loadDraft(db); }).not.toThrow();
    await expect(p).rejects.toThrow('không có quyền tiếp nhận hồ sơ');
    await expect(saveDraft(db, { a: 1 })).rejects.toThrow();
    await expect(discardDraft(db)).rejects.toThrow();
  });
});

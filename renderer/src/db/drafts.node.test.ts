import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from './db';
import { discardDraft, loadDraft, saveDraft } from './drafts';
import { receiveDossier } from './dossiers';
import { setSession } from './session';
import { ensureCatalog, saveSetup } from './settings';
import { SAMPLE_DESK, SAMPLE_OFFICE, sampleReceiveData } from '../../../test/fixtures/dossiers';

const officer = (id: string) => ({ accountId: id, username: id, displayName: `Cán bộ ${id}`, role: 'officer' as const, locked: false });

describe('drafts of the reception form', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`drafts-${crypto.randomUUID()}`);
    setSession(db, { ...officer('admin'), role: 'admin' });
    await saveSetup(db, SAMPLE_OFFICE, SAMPLE_DESK);
    await ensureCatalog(db);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('keeps one draft per account', async () => {
    setSession(db, officer('a'));
    await saveDraft(db, { applicant: { fullName: 'Trần Thị Mai' } }, 1);
    setSession(db, officer('b'));
    expect(await loadDraft(db)).toBeUndefined();
    await saveDraft(db, { applicant: { fullName: 'Lê Văn Hải' } }, 2);
    setSession(db, officer('a'));
    expect(await loadDraft(db)).toEqual({ accountId: 'a', data: { applicant: { fullName: 'Trần Thị Mai' } }, updatedAt: 1 });
    await discardDraft(db);
    expect(await loadDraft(db)).toBeUndefined();
    setSession(db, officer('b'));
    expect((await loadDraft(db))?.updatedAt).toBe(2);
  });

  it('goes with the save, in the receive command\'s own transaction', async () => {
    setSession(db, officer('a'));
    await saveDraft(db, { procedureCode: '1.001193' });
    await receiveDossier(db, sampleReceiveData());
    expect(await loadDraft(db)).toBeUndefined();
  });

  it('refuses without throwing for an account that does not receive (the screen catches it)', async () => {
    setSession(db, { ...officer('s'), role: 'supervisor' });
    const attempt = loadDraft(db);
    expect(attempt).toBeInstanceOf(Promise);
    await expect(attempt).rejects.toThrow('không có quyền');
    await expect(saveDraft(db, {})).rejects.toThrow();
  });
});

// A desk's day as the wire sees it, built with the desk's own pure rules (reception, transitions, the
// push mapping) and no IndexedDB: for the storm benchmark, the two-process test and the isolation attacks.
// Each change is the outbox entry the desk's commands would write, in the order they would be sent.
import { DEFAULT_CALENDAR_CONFIG } from '../../shared/calendar/types';
import { SEED_CATALOG } from '../../shared/domain/catalog';
import { buildDossier } from '../../shared/domain/reception';
import { allowedActions, type TransitionAction } from '../../shared/domain/status';
import { applyTransition } from '../../shared/domain/transitions';
import type { Dossier } from '../../shared/domain/dossier';
import type { PushItem } from '../../shared/sync/contract';
import { toPushItem } from '../../shared/sync/mapping';

export interface DeskPlan {
  agencyCode: string;
  deskNo: number;
  desksInAgency: number;
  /** The moment the day starts (reception hours, Vietnam time). */
  start: number;
  dossiers: number;
  transitions: number;
  /** A deterministic seed: the same plan builds the same changes. */
  seed?: number;
}

const DETAILS: Record<TransitionAction, Record<string, string>> = {
  hand_over: { note: '' },
  request_supplement: { reason: 'Thiếu bản sao giấy chứng nhận kết hôn' },
  request_payment: { reason: 'Nộp lệ phí đăng ký' },
  refuse: { reason: 'Không thuộc thẩm quyền giải quyết' },
  withdraw: { reason: 'Công dân xin rút hồ sơ' },
  stop: { reason: 'Dừng theo đề nghị của cơ quan' },
  mark_processed: { note: '' },
  return_result: { collectedBy: 'Nguyễn Văn An', method: 'desk' },
};

/** The usual path first (hand over, processed, returned), with a few pauses on the way. */
const PREFERRED: TransitionAction[] = ['hand_over', 'mark_processed', 'return_result', 'request_supplement', 'request_payment'];

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** A named applicant, varied (Vietnamese letters included), never a real person. */
function applicant(i: number, rnd: () => number) {
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng', 'Bùi', 'Võ'][i % 8];
  const given = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hương', 'Khánh', 'Lộc'][Math.floor(rnd() * 8)];
  return {
    fullName: `${family} Văn ${given}`,
    idNumber: `0010900${String(10000 + Math.floor(rnd() * 89999))}`,
    dateOfBirth: '1990-03-15',
    gender: 'male' as const,
    address: `Số ${1 + Math.floor(rnd() * 200)} thôn Đông`,
    phone: `09${String(10_000_000 + Math.floor(rnd() * 89_999_999)).slice(-8)}`,
    email: '',
  };
}

export interface DeskDay {
  items: PushItem[];
  /** The dossiers as the desk holds them at the end of the day. */
  dossiers: Dossier[];
}

export function deskDay(plan: DeskPlan): DeskDay {
  const rnd = random(plan.seed ?? plan.deskNo * 7919 + plan.agencyCode.length);
  const procedure = { ...SEED_CATALOG[0], components: [] };
  const office = { parentAgencyName: 'ỦY BAN NHÂN DÂN XÃ', agencyName: 'BỘ PHẬN MỘT CỬA', agencyCode: plan.agencyCode, communeName: 'Xã', districtName: '', provinceName: 'Tỉnh' };
  const items: PushItem[] = [];
  const held: Dossier[] = [];
  let clock = plan.start;
  let last: number | null = null;
  const entry = (kind: PushItem['kind'], d: Dossier) => items.push(toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind, dossier: d, createdAt: d.updatedAt }));
  // Receptions and transitions interleave through the day, as at a real desk.
  let transitionsLeft = plan.transitions;
  for (let i = 0; i < plan.dossiers; i++) {
    clock += 60_000;
    const { dossier, sequence } = buildDossier(
      { procedureCode: procedure.code, applicant: applicant(i, rnd), components: [], sets: 1, resultDelivery: 'desk', feeCopies: 1, feePages: 1, note: '', documents: [], online: false },
      { id: crypto.randomUUID(), now: clock, procedure, office, desk: { deskNo: plan.deskNo, desksInAgency: plan.desksInAgency, officerName: 'Trần Thị Bình' }, codePattern: '{AGENCY}-{YYMMDD}-{SEQ:4}', calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: last },
    );
    last = sequence;
    held.push(dossier);
    entry('dossier.received', dossier);
    const share = Math.round(transitionsLeft / (plan.dossiers - i) / 2);
    for (let t = 0; t < share; t++) if (step()) transitionsLeft--;
  }
  while (transitionsLeft > 0 && step()) transitionsLeft--;
  return { items, dossiers: held };

  function step(): boolean {
    for (let tries = 0; tries < held.length; tries++) {
      const k = Math.floor(rnd() * held.length);
      const d = held[k];
      const action = PREFERRED.find((a) => allowedActions(d.status).includes(a) && (a === 'hand_over' || a === 'mark_processed' || a === 'return_result' || rnd() < 0.1));
      if (!action) continue;
      clock += 30_000;
      const next = applyTransition(d, action, DETAILS[action], clock, DEFAULT_CALENDAR_CONFIG).dossier;
      held[k] = next;
      entry('dossier.transition', next);
      return true;
    }
    return false;
  }
}

// Dossier statuses and the transitions a desk may make. Each status carries its DVCQG TrangThaiHoSo code.
export const DOSSIER_STATUSES = [
  'received',
  'processing',
  'supplement_requested',
  'financial_obligation',
  'refused',
  'withdrawn',
  'stopped',
  'processed',
  'returned',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** TrangThaiHoSo of the National Public Service Portal. 1 (Mới đăng ký) is an online state a desk never sets. */
export const DVCQG_STATUS_CODE: Record<DossierStatus, number> = {
  received: 2,
  refused: 3,
  processing: 4,
  supplement_requested: 5,
  financial_obligation: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
};

export const STATUS_LABEL_VI: Record<DossierStatus, string> = {
  received: 'Được tiếp nhận',
  processing: 'Đang xử lý',
  supplement_requested: 'Yêu cầu bổ sung giấy tờ',
  financial_obligation: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  refused: 'Không được tiếp nhận',
  withdrawn: 'Công dân yêu cầu rút hồ sơ',
  stopped: 'Dừng xử lý',
  processed: 'Đã xử lý xong',
  returned: 'Đã trả kết quả',
};

/** The officer's actions, each a move from one status to another. */
export const TRANSITIONS = {
  hand_over: { to: 'processing', from: ['received', 'supplement_requested', 'financial_obligation'] },
  request_supplement: { to: 'supplement_requested', from: ['received', 'processing'] },
  request_payment: { to: 'financial_obligation', from: ['processing'] },
  refuse: { to: 'refused', from: ['received'] },
  withdraw: { to: 'withdrawn', from: ['received', 'processing', 'supplement_requested', 'financial_obligation'] },
  stop: { to: 'stopped', from: ['processing', 'supplement_requested', 'financial_obligation'] },
  mark_processed: { to: 'processed', from: ['processing'] },
  return_result: { to: 'returned', from: ['processed'] },
} as const satisfies Record<string, { to: DossierStatus; from: readonly DossierStatus[] }>;
export type TransitionAction = keyof typeof TRANSITIONS;

export const ACTION_LABEL_VI: Record<TransitionAction, string> = {
  hand_over: 'Chuyển xử lý',
  request_supplement: 'Yêu cầu bổ sung',
  request_payment: 'Yêu cầu nộp nghĩa vụ tài chính',
  refuse: 'Từ chối tiếp nhận',
  withdraw: 'Công dân rút hồ sơ',
  stop: 'Dừng xử lý',
  mark_processed: 'Đã xử lý xong',
  return_result: 'Trả kết quả',
};

/** Statuses after which nothing more happens to a dossier. */
export const FINAL_STATUSES: readonly DossierStatus[] = ['refused', 'withdrawn', 'stopped', 'returned'];

/** While a dossier waits for the citizen, its deadline clock does not run. */
export const PAUSED_STATUSES: readonly DossierStatus[] = ['supplement_requested', 'financial_obligation'];

export function allowedActions(status: DossierStatus): TransitionAction[] {
  return (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) =>
    (TRANSITIONS[a].from as readonly DossierStatus[]).includes(status),
  );
}

export function canTransition(status: DossierStatus, action: TransitionAction): boolean {
  return (TRANSITIONS[action].from as readonly DossierStatus[]).includes(status);
}

export function isFinal(status: DossierStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The usual next step from each status, offered first so the officer can simply press Enter. */
export const USUAL_NEXT_ACTION: Partial<Record<DossierStatus, TransitionAction>> = {
  received: 'hand_over',
  processing: 'mark_processed',
  supplement_requested: 'hand_over',
  financial_obligation: 'hand_over',
  processed: 'return_result',
};

/** Allowed actions, the usual next step first. */
export function offeredActions(status: DossierStatus): TransitionAction[] {
  const usual = USUAL_NEXT_ACTION[status];
  const rest = allowedActions(status).filter((a) => a !== usual);
  return usual ? [usual, ...rest] : rest;
}

/**
 * The action's name as the officer sees it from this status: resuming after a supplement is
 * "Công dân đã bổ sung hồ sơ", after a payment "Công dân đã thực hiện nghĩa vụ tài chính".
 */
export function actionLabel(action: TransitionAction, from: DossierStatus): string {
  if (action === 'hand_over' && from === 'supplement_requested') return 'Công dân đã bổ sung hồ sơ';
  if (action === 'hand_over' && from === 'financial_obligation') return 'Công dân đã thực hiện nghĩa vụ tài chính';
  return ACTION_LABEL_VI[action];
}

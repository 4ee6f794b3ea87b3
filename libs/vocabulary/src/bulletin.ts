export enum BulletinKind {
  Wanted = 'wanted',
  MissingPerson = 'missing_person',
  Report = 'report',
}

export const BULLETIN_KINDS: readonly BulletinKind[] = Object.values(BulletinKind);

export enum BulletinStatus {
  Draft = 'draft',
  PendingReview = 'pending_review',
  Approved = 'approved',
  Scheduled = 'scheduled',
  Published = 'published',
  Updated = 'updated',
  Resolved = 'resolved',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
}

export enum BulletinPriority {
  Normal = 'normal',
  Urgent = 'urgent',
}

export enum ResolutionOutcome {
  Arrested = 'arrested',
  Surrendered = 'surrendered',
  FoundSafe = 'found_safe',
  FoundDeceased = 'found_deceased',
  ClosedOtherwise = 'closed_otherwise',
}

const S = BulletinStatus;

/** Every allowed status change; anything else is refused. Only an approved bulletin can be published. */
export const BULLETIN_TRANSITIONS: Record<BulletinStatus, readonly BulletinStatus[]> = {
  [S.Draft]: [S.PendingReview, S.Withdrawn],
  [S.PendingReview]: [S.Draft, S.Approved, S.Withdrawn],
  [S.Approved]: [S.Scheduled, S.Published, S.Withdrawn],
  [S.Scheduled]: [S.Published, S.Withdrawn],
  [S.Published]: [S.Updated, S.Resolved, S.Withdrawn, S.Expired],
  [S.Updated]: [S.Updated, S.Resolved, S.Withdrawn, S.Expired],
  [S.Resolved]: [S.Withdrawn],
  [S.Withdrawn]: [],
  [S.Expired]: [],
};

export function canBulletinTransition(from: BulletinStatus, to: BulletinStatus): boolean {
  return BULLETIN_TRANSITIONS[from].includes(to);
}

/** Statuses in which posts are wanted on the platforms. */
export const LIVE_STATUSES: readonly BulletinStatus[] = [S.Published, S.Updated];

/** Statuses whose posts stay up and are still carried to (a resolution or an expiry notice), but take no new accounts. */
export const CLOSED_STATUSES: readonly BulletinStatus[] = [S.Resolved, S.Expired];

/** Statuses in which a delivery's work may still go ahead: live, or closing with a last update to every live post. */
export const DELIVERABLE_STATUSES: readonly BulletinStatus[] = [...LIVE_STATUSES, ...CLOSED_STATUSES];

export const BULLETIN_KIND_LABELS: Record<BulletinKind, string> = {
  [BulletinKind.Wanted]: '微通缉',
  [BulletinKind.MissingPerson]: '微寻人',
  [BulletinKind.Report]: '微举报',
};

export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, string> = {
  [S.Draft]: '草稿',
  [S.PendingReview]: '待审核',
  [S.Approved]: '已审核',
  [S.Scheduled]: '定时发布',
  [S.Published]: '已发布',
  [S.Updated]: '已更新',
  [S.Resolved]: '已结案',
  [S.Withdrawn]: '已撤回',
  [S.Expired]: '已过期',
};

export const BULLETIN_PRIORITY_LABELS: Record<BulletinPriority, string> = {
  [BulletinPriority.Normal]: '普通',
  [BulletinPriority.Urgent]: '紧急',
};

export const RESOLUTION_OUTCOME_LABELS: Record<ResolutionOutcome, string> = {
  [ResolutionOutcome.Arrested]: '已抓获',
  [ResolutionOutcome.Surrendered]: '已投案',
  [ResolutionOutcome.FoundSafe]: '已找到（平安）',
  [ResolutionOutcome.FoundDeceased]: '已找到（遇难）',
  [ResolutionOutcome.ClosedOtherwise]: '其他方式结案',
};

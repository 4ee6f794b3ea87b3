import { BulletinStatus as S } from './bulletin.entity';

/** Every allowed status change; anything else is refused. Only an approved bulletin can be published. */
const TRANSITIONS: Record<S, S[]> = {
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

export function canTransition(from: S, to: S): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which posts are wanted on the platforms. */
export const LIVE_STATUSES: S[] = [S.Published, S.Updated];

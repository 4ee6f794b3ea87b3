import { Role } from '@mb/vocabulary';

/**
 * Which role may open which section: the same lists as the api's @Access on the endpoints each
 * section calls, so no menu leads to a call the role would be refused.
 */
export const SECTION_ROLES = {
  bulletins: [Role.Editor, Role.Reviewer, Role.Admin],
  compose: [Role.Editor, Role.Admin],
  review: [Role.Reviewer, Role.Admin],
  deadLetters: [Role.Reviewer, Role.Admin],
  accounts: [Role.UnitOperator, Role.Admin],
  reposts: [Role.UnitOperator, Role.Admin],
  tips: [Role.UnitOperator, Role.Admin],
  notifications: [Role.UnitOperator, Role.Admin],
  analysis: [Role.Analyst, Role.Editor, Role.Reviewer, Role.Admin],
  users: [Role.Admin],
  units: [Role.Admin],
  audit: [Role.Admin],
} as const satisfies Record<string, readonly Role[]>;

export type Section = keyof typeof SECTION_ROLES;

export function mayOpen(role: Role | undefined, section: Section): boolean {
  return role !== undefined && (SECTION_ROLES[section] as readonly Role[]).includes(role);
}

/** Actions inside a section that only some of its roles may take. */
export const ACTION_ROLES = {
  writeBulletin: [Role.Editor, Role.Admin],
  reviewBulletin: [Role.Reviewer, Role.Admin],
  revealTipContact: [Role.UnitOperator],
} as const satisfies Record<string, readonly Role[]>;

export function mayDo(role: Role | undefined, action: keyof typeof ACTION_ROLES): boolean {
  return role !== undefined && (ACTION_ROLES[action] as readonly Role[]).includes(role);
}

/** Where each role starts after signing in. */
export const HOME_OF: Record<Role, string> = {
  [Role.Editor]: '/bulletins',
  [Role.Reviewer]: '/review',
  [Role.UnitOperator]: '/tips',
  [Role.Analyst]: '/analysis',
  [Role.Admin]: '/users',
};

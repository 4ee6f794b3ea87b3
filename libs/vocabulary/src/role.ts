export enum Role {
  Editor = 'editor',
  Reviewer = 'reviewer',
  UnitOperator = 'unit_operator',
  Analyst = 'analyst',
  Admin = 'admin',
}

export const ROLES: readonly Role[] = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Editor]: '编辑',
  [Role.Reviewer]: '审核员',
  [Role.UnitOperator]: '单位管理员',
  [Role.Analyst]: '分析员',
  [Role.Admin]: '系统管理员',
};

import { Result } from 'antd';
import type { ReactNode } from 'react';
import { signedInUser } from '../api/session';
import { mayOpen, type Section } from './access';

/** A screen the role may not use says so instead of calling endpoints that would refuse it. */
export function RequireSection({ section, children }: { section: Section; children: ReactNode }) {
  if (!mayOpen(signedInUser()?.role, section)) return <Result status="403" title="无权访问" subTitle="您的角色不能使用此功能。" />;
  return <>{children}</>;
}

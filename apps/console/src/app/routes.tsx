import { createBrowserRouter, type RouteObject } from 'react-router';
import { type Section } from './access';
import { ConsoleLayout } from './layout';
import { RequireSection } from './require-section';
import { SignInPage } from '../pages/sign-in';

/** Each screen is its own chunk: the first screen loads only the frame and itself. */
function screen(path: string, section: Section, load: () => Promise<{ default: React.ComponentType }>): RouteObject {
  return {
    path,
    lazy: async () => {
      const { default: Screen } = await load();
      return {
        Component: () => (
          <RequireSection section={section}>
            <Screen />
          </RequireSection>
        ),
      };
    },
  };
}

export const router = createBrowserRouter(
  [
    { path: '/sign-in', Component: SignInPage },
    {
      path: '/',
      Component: ConsoleLayout,
      children: [
        screen('bulletins', 'bulletins', () => import('../pages/bulletins/bulletin-list')),
        screen('bulletins/new', 'compose', () => import('../pages/bulletins/compose')),
        screen('bulletins/:id/edit', 'compose', () => import('../pages/bulletins/compose')),
        screen('bulletins/:id', 'bulletins', () => import('../pages/bulletins/bulletin-detail')),
        screen('review', 'review', () => import('../pages/bulletins/review-queue')),
        screen('dead-letters', 'deadLetters', () => import('../pages/dead-letters')),
        screen('accounts', 'accounts', () => import('../pages/accounts/accounts')),
        screen('reposts', 'reposts', () => import('../pages/reposts')),
        screen('tips', 'tips', () => import('../pages/tips/tips-inbox')),
        screen('notifications', 'notifications', () => import('../pages/notifications')),
        screen('analysis', 'analysis', () => import('../pages/analysis/analysis')),
        screen('users', 'users', () => import('../pages/admin/users')),
        screen('units', 'units', () => import('../pages/admin/units')),
        screen('audit', 'audit', () => import('../pages/admin/audit')),
      ],
    },
  ],
  { basename: '/console' },
);

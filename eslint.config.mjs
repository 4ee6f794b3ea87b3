// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * The three tiers the code keeps to: apps wire and serve; domain libs say what the business does;
 * the shared tier (vocabulary, common, config, database, queue) knows no domain lib. The finer
 * order between domain libs, and which lib owns which table, is checked by test/architecture.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-artifacts/**', 'apps/console/src/api/schema.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['app'] },
        { type: 'shared', pattern: 'libs/(vocabulary|common|config|database|queue)', capture: ['lib'] },
        { type: 'domain', pattern: 'libs/*', capture: ['lib'] },
      ],
      'boundaries/files': [{ category: 'test', pattern: ['test/**', 'bench/**', '**/*.spec.ts'] }],
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            { from: { element: { type: 'shared' } }, disallow: { to: { element: { types: { anyOf: ['domain', 'app'] } } } } },
            { from: { element: { type: 'domain' } }, disallow: { to: { element: { type: 'app' } } } },
            { from: { element: { types: { anyOf: ['shared', 'domain', 'app'] } } }, disallow: { to: { file: { categories: 'test' } } } },
          ],
        },
      ],
      // Rows read from SQL and platform answers are typed at the repository or adapter boundary.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Nest modules are classes with decorators and no body.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // The console runs in the browser, as its own TypeScript project.
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    settings: { 'import/resolver': { typescript: { project: './apps/console/tsconfig.json' } } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);

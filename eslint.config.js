// Lint rules, including the import boundaries that keep DESIGN.md's layering one-way:
// domain <- calendar <- engine/strategies <- ports <- adapters <- app, and tui sees only domain + protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((dir) => ({ group: [`**/${dir}/**`, `../${dir}/*`, `../../${dir}/*`], message })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', '.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Benchmarks and example strategies are plain Node ESM scripts.
    files: ['bench/**/*.mjs', 'bench/**/*.js', 'examples/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate',
          'Buffer', 'URL', 'performance', 'queueMicrotask', 'structuredClone', 'global', 'globalThis']
          .map((g) => [g, 'readonly']),
      ),
    },
    rules: { 'no-redeclare': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  layer(['source/domain/**'], ['calendar', 'engine', 'strategies', 'ports', 'adapters', 'protocol', 'tui', 'app', 'dashboard'],
    'domain/ imports nothing from other layers'),
  layer(['source/calendar/**'], ['engine', 'strategies', 'ports', 'adapters', 'protocol', 'tui', 'app'],
    'calendar/ may only use domain/'),
  layer(['source/engine/**', 'source/strategies/**'], ['adapters', 'tui', 'app', 'dashboard'],
    'the core is pure: no adapters, UI or wiring'),
  layer(['source/ports/**'], ['adapters', 'tui', 'app', 'dashboard'], 'ports are interfaces owned by the core'),
  layer(['source/protocol/**'], ['engine', 'strategies', 'adapters', 'tui', 'app'],
    'protocol/ is a contract: domain types only'),
  layer(['source/adapters/**'], ['tui', 'app', 'dashboard'], 'adapters never import the UI or the wiring'),
  layer(['source/tui/**'], ['calendar', 'engine', 'strategies', 'ports', 'adapters', 'app', 'dashboard'],
    'tui/ sees only domain/ and protocol/'),
  // The dashboard's chart model is a second front-end's pure core: like tui/, it sees only the contract.
  layer(['source/dashboard/**'], ['calendar', 'engine', 'strategies', 'ports', 'adapters', 'app', 'tui'],
    'dashboard/ sees only domain/ and protocol/'),
  {
    files: ['source/engine/**', 'source/strategies/**', 'source/domain/**', 'source/calendar/**'],
    rules: {
      // Wall time only enters through the injected Clock; Date is fine for converting a given instant.
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'use the injected Clock' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use the injected Clock' },
      ],
    },
  },
);

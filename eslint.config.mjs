// @ts-check
import eslint from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Expressions that read the wall clock, and how to name them in the message. */
const WALL_CLOCK = [
  ["NewExpression[callee.name='Date'][arguments.length=0]", 'new Date()'],
  ["CallExpression[callee.name='Date']", 'Date()'],
  ["CallExpression[callee.object.name='Date'][callee.property.name='now']", 'Date.now()'],
  ["CallExpression[callee.name='dayjs'][arguments.length=0]", 'dayjs()'],
  ["CallExpression[callee.name='dayjs'] > Identifier.arguments[name='undefined']", 'dayjs(undefined)'],
]

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.artifacts/**',
      'coverage/**',
      '**/*.config.js',
      'babel.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One clock: only src/clock.ts reads the wall clock; everything else is given the time.
      'no-restricted-syntax': [
        'error',
        ...WALL_CLOCK.map(([selector, what]) => ({
          selector,
          message: `${what} reads the wall clock: take a Clock or an instant as an argument (src/clock.ts)`,
        })),
      ],
    },
  },
  { files: ['src/clock.ts'], rules: { 'no-restricted-syntax': 'off' } },
)

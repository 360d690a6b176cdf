// Lint rules for the whole workspace. The module-boundary rule encodes the layering of docs/architecture.md:
// apps import libs; feature > data-access > util > contracts; domain libs import no framework and no package.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const backendBans = ['react', 'react-dom', 'react/*', 'react-dom/*'];

/** Test-only packages that specs of any project may import (domain libs included). */
const testPackages = ['fast-check', '@nestjs/testing'];

function boundaries({ specs }) {
  const domainExternals = specs ? testPackages : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      banTransitiveDependencies: false,
      depConstraints: [
        // Layers.
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: [
            'type:feature',
            'type:data-access',
            'type:util',
            'type:domain',
            'type:contracts',
            'type:testing',
          ],
          bannedExternalImports: backendBans,
        },
        {
          sourceTag: 'type:feature',
          onlyDependOnLibsWithTags: [
            'type:feature',
            'type:data-access',
            'type:util',
            'type:domain',
            'type:contracts',
          ],
          bannedExternalImports: backendBans,
        },
        {
          sourceTag: 'type:data-access',
          onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:domain', 'type:contracts'],
          bannedExternalImports: backendBans,
        },
        {
          sourceTag: 'type:util',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
          bannedExternalImports: backendBans,
        },
        {
          // Test support (libs/shared/util-testing): starts the services as processes and makes and removes the
          // databases, streams and keys of a run, so it uses the data-access libs; only tests, benches and tools
          // import it.
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:testing', 'type:data-access', 'type:util', 'type:contracts'],
          bannedExternalImports: backendBans,
        },
        {
          sourceTag: 'type:domain',
          onlyDependOnLibsWithTags: ['type:domain'],
          allowedExternalImports: domainExternals,
        },
        {
          sourceTag: 'type:contracts',
          onlyDependOnLibsWithTags: ['type:contracts'],
          allowedExternalImports: ['zod', ...(specs ? testPackages : [])],
        },
        {
          sourceTag: 'type:tool',
          onlyDependOnLibsWithTags: [
            'type:feature',
            'type:data-access',
            'type:util',
            'type:domain',
            'type:contracts',
            'type:testing',
          ],
        },
        {
          sourceTag: 'type:web',
          // Domain libs are framework-free and package-free, so the browser can share their money rules.
          // The web's end-to-end specs start the exchange's services, so they may use the data-access libs.
          onlyDependOnLibsWithTags: [
            'type:ui',
            'type:util',
            'type:domain',
            'type:contracts',
            ...(specs ? ['type:data-access', 'type:testing'] : []),
          ],
          bannedExternalImports: specs ? [] : ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'nats'],
        },
        // Scopes: a service's libs are its own; shared libs serve everyone.
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:matching', onlyDependOnLibsWithTags: ['scope:matching', 'scope:shared'] },
        { sourceTag: 'scope:wallet', onlyDependOnLibsWithTags: ['scope:wallet', 'scope:shared'] },
        { sourceTag: 'scope:users', onlyDependOnLibsWithTags: ['scope:users', 'scope:shared'] },
        { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
        {
          sourceTag: 'scope:market-data',
          // Its specs replay the real matching engine as the oracle of the books they rebuild.
          onlyDependOnLibsWithTags: [
            'scope:market-data',
            'scope:shared',
            ...(specs ? ['scope:matching'] : []),
          ],
        },
        { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
        { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      '**/*.d.ts',
      // proto-loader-gen-types output (type declarations only; a contracts spec checks that it is current).
      'libs/shared/contracts/src/grpc/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries({ specs: false }),
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ specs: true }) },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

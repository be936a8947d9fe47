// Flat config. The import rules between rooms (ARCHITECTURE.md) are enforced here, not by memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/results.json', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // 'from' is relative to src; 'except' lists the rooms each may use.
            { target: './src/domain', from: './src', except: ['./domain'], message: 'src/domain is pure: it imports nothing of ours.' },
            { target: './src/shared', from: './src', except: ['./shared', './domain'], message: 'src/shared may import only domain.' },
            { target: './src/offline', from: './src', except: ['./offline', './domain', './shared'], message: 'src/offline may import only domain and shared.' },
            { target: './src/hardware', from: './src', except: ['./hardware', './domain', './shared'], message: 'src/hardware may import only domain and shared.' },
            { target: './src/hardware/core', from: './src/hardware', except: ['./core'], message: 'hardware/core runs anywhere: no node/web adapters.' },
            { target: './src/hardware/web', from: './src/hardware', except: ['./core', './web'], message: 'hardware/web may use core only.' },
            { target: './src/main', from: './src', except: ['./main', './hardware/core', './hardware/node', './hardware/fakes', './shared', './domain'], message: 'src/main may import hardware (core, node), shared, domain.' },
            { target: './src/preload', from: './src', except: ['./preload', './shared', './domain'], message: 'src/preload may import only shared.' },
            { target: './src/renderer', from: './src', except: ['./renderer', './offline', './domain', './shared', './hardware/core', './hardware/web', './hardware/fakes'], message: 'src/renderer may import offline, domain, shared, hardware core and web.' },
            { target: './crm', from: './src', except: ['./shared', './domain'], message: 'crm/ may import only src/shared and src/domain.' },
          ],
        },
      ],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload import electron.' }] }],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**', 'tests/**', 'scripts/**', '*.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/domain/**', 'src/shared/**', 'src/renderer/**', 'src/offline/**', 'src/hardware/core/**', 'src/hardware/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload import electron.' }],
          patterns: [{ group: ['node:*', 'fs', 'path', 'child_process', 'net', 'os'], message: 'This room runs in the browser too: no Node built-ins.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**', 'bench/**', 'load/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off', 'import-x/no-restricted-paths': 'off' },
  },
);

/**
 * One jest run for every tier: pure unit specs beside the code (src/**\/*.spec.ts) and integration
 * and e2e specs against a real PostgreSQL (test/**\/*.int-spec.ts, test/**\/*.e2e-spec.ts).
 * The global setup starts the embedded PostgreSQL (or uses DATABASE_URL) and migrates a template
 * database once; every test file clones its own database from it.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
};

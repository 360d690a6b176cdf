// The long reliability suite (`npm run test:reliability`); the root jest.config.js does not collect this name.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-reliability:long',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120_000,
  setupFiles: ['<rootDir>/test/long-profile.cjs'],
};

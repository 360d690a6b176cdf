// The short reliability suite the root jest run (CI) picks up: a few security checks and one fault, ~3 minutes.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-reliability:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120_000,
};

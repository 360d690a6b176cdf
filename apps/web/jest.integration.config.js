// End-to-end journeys: the whole exchange as real processes, the web build served by the gateway, driven in
// Debian's Chromium through playwright-core. `npx nx run web:e2e`.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'web:e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
};

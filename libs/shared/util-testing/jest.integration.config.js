// The shared exchange harness against real PostgreSQL, Redis and NATS: `npx nx run shared-util-testing:integration`.
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-util-testing:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

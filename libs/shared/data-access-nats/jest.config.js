module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-data-access-nats',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

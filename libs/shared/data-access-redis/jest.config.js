module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-data-access-redis',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

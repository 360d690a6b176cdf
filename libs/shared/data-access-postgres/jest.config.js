module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-data-access-postgres',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

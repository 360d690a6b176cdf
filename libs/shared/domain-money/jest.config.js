module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-domain-money',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

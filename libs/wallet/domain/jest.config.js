module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'wallet-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

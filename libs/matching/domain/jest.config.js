module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'matching-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

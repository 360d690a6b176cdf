module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-feature-runtime',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

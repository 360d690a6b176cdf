module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-util-testing',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-util-logging',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

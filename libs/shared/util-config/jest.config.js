module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-util-config',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-util-random',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

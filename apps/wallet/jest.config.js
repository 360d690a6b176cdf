module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'wallet',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  passWithNoTests: true,
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'users',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  passWithNoTests: true,
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-dev',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

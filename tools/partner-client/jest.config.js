module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-partner-client',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-partner-client:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};

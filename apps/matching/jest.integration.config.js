module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'matching:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

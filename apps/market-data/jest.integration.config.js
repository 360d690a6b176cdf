module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'market-data:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

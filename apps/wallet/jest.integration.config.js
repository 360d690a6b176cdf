module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'wallet:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

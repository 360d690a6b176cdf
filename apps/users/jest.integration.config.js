module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'users:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

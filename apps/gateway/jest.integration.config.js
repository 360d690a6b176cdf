module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
};

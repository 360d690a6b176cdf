module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-loadgen:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};

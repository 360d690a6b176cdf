module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-loadgen',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

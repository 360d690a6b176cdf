module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-reliability',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

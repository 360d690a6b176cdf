module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-matching-replay',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chart-exchange',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // helm lint and template run as child processes; extracting the binary takes a second or two.
  testTimeout: 60_000,
};

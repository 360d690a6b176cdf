module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'market-data:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
  // The specs each run a market-data process answering the same request/reply subjects: one at a time.
  maxWorkers: 1,
};

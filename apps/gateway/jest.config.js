module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway',
  rootDir: __dirname,
  // jose ships ES modules only: let @swc/jest compile it to CommonJS like the sources.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  passWithNoTests: true,
};

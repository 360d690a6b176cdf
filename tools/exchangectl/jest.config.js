module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tool-exchangectl',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{src,test}/**/*.spec.ts'],
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'deploy-aws',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{src,test}/**/*.spec.ts'],
};

// Loaded by jest.reliability.config.js only: the specs run every scenario, not the CI subset.
process.env.RELIABILITY_PROFILE = 'long';

// Deploy-time settings, loaded before the app: replace this file in the S3 bucket to point the app at an API on
// another origin. Empty strings mean "the same origin as the page" (the gateway serving the build locally).
globalThis.EXCHANGE_CONFIG = { apiBaseUrl: '', wsBaseUrl: '' };

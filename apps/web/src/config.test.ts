import { afterEach, describe, expect, it, vi } from 'vitest';

/** `config.ts` reads `config.js`'s global once, when first imported: each case imports a fresh copy. */
async function loadConfig(config: { apiBaseUrl?: string; wsBaseUrl?: string } | undefined) {
  vi.resetModules();
  (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG = config;
  return import('./config');
}

describe('deploy-time config', () => {
  afterEach(() => {
    delete (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG;
  });

  it("uses the page's own origin when config.js leaves the addresses empty (the gateway serving the build)", async () => {
    const config = await loadConfig({ apiBaseUrl: '', wsBaseUrl: '' });
    expect(config.API_BASE_URL).toBe('');
    expect(config.wsBaseUrl()).toBe(globalThis.location.origin.replace(/^http/, 'ws'));
  });

  it('points the API and the streams at another origin when config.js names one (S3 + CloudFront)', async () => {
    const config = await loadConfig({ apiBaseUrl: 'https://api.example.com/' });
    expect(config.API_BASE_URL).toBe('https://api.example.com');
    expect(config.wsBaseUrl()).toBe('wss://api.example.com');
  });

  it('takes a separate stream address when one is given', async () => {
    const config = await loadConfig({
      apiBaseUrl: 'https://api.example.com',
      wsBaseUrl: 'wss://stream.example.com/',
    });
    expect(config.wsBaseUrl()).toBe('wss://stream.example.com');
  });

  it('works without config.js at all', async () => {
    const config = await loadConfig(undefined);
    expect(config.API_BASE_URL).toBe('');
  });
});

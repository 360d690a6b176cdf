/** Deploy-time settings from `config.js` (loaded before the app); empty means the page's own origin. */
interface ExchangeConfig {
  apiBaseUrl?: string;
  wsBaseUrl?: string;
}

const deployed = (globalThis as { EXCHANGE_CONFIG?: ExchangeConfig }).EXCHANGE_CONFIG ?? {};

export const API_BASE_URL = (deployed.apiBaseUrl ?? '').replace(/\/$/, '');

/** ws(s)://host of the streams: configured, or derived from the API base, or the page's origin. */
export function wsBaseUrl(): string {
  const configured = deployed.wsBaseUrl || API_BASE_URL;
  const origin = configured || globalThis.location.origin;
  return origin.replace(/^http/, 'ws').replace(/\/$/, '');
}

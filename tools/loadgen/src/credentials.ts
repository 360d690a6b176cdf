import { readFileSync } from 'node:fs';

import { type Credentials } from './binance-client';

/** One demo trader as `tools/dev start` writes it to `.data/demo-credentials.json`. */
export interface DemoTrader {
  email: string;
  password: string;
  /** Base32 TOTP secret: MFA is on for every demo trader, since API keys need it. */
  mfaSecret: string;
  apiKeyId: string;
  apiKey: string;
  secret: string;
}

export interface DemoCredentials {
  baseUrl: string;
  traders: DemoTrader[];
}

export function readCredentials(file: string): DemoCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read credentials from ${file}: ${(error as Error).message}`);
  }
  const traders = (parsed as Partial<DemoCredentials> | null)?.traders;
  if (!Array.isArray(traders) || traders.length === 0) {
    throw new Error(
      `${file}: expected { "traders": [{ "apiKey", "secret", ... }] } with at least one trader`,
    );
  }
  traders.forEach((t, i) => {
    if (typeof t?.apiKey !== 'string' || typeof t?.secret !== 'string') {
      throw new Error(`${file}: traders[${i}] needs "apiKey" and "secret" strings`);
    }
  });
  return parsed as DemoCredentials;
}

export const apiCredentials = (trader: Pick<DemoTrader, 'apiKey' | 'secret'>): Credentials => ({
  apiKey: trader.apiKey,
  secret: trader.secret,
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ApiV1Client, ApiV1Error } from './api-v1-client';
import { BinanceApiError, BinanceRestClient } from './binance-client';
import { type DemoCredentials, type DemoTrader } from './credentials';
import { marketSpecs } from './market-spec';
import { sleep } from './sleep';
import { totpCode, totpStep, TOTP_STEP_MS } from './totp';

/** The demo: two bot traders with API keys (MFA on, as keys need it) and one browser user without MFA. */
export const DEMO_TRADERS = [
  { email: 'alice@example.com', password: 'alice-demo-trader-2026' },
  { email: 'bob@example.com', password: 'bob-demo-trader-2026' },
] as const;
export const DEMO_WEB_USER = { email: 'demo@example.com', password: 'demo-web-user-2026' } as const;

/** What each demo user gets from the faucet; topped up again when it falls below half. */
export const DEMO_BALANCES: Record<string, string> = {
  BTC: '10',
  ETH: '200',
  SOL: '5000',
  USDT: '1000000',
  USDC: '1000000',
};

const EMAIL_TAKEN = 1101;
const INVALID_CREDENTIALS = 1104;
const LOGIN_LOCKED = 1105;
const MFA_REQUIRED = 1301;
const MFA_CODE_REPLAYED = 1303;

/** A demo email this set-up cannot use: taken with another password, or with MFA whose secret it lacks. */
class DemoUserUnusableError extends Error {
  override name = 'DemoUserUnusableError';
}

/** `alice@example.com`, then `alice+1@example.com`, ...: where a demo user goes when its address is unusable. */
export function demoAlias(email: string, attempt: number): string {
  return attempt === 0 ? email : email.replace('@', `+${attempt}@`);
}

/**
 * Runs `attempt` for the demo user, then for its aliases while the address is unusable (left by a set-up whose
 * credentials file is gone, say), so that a demo always comes up.
 */
async function firstUsable<T>(
  user: { email: string; password: string },
  attempt: (candidate: { email: string; password: string }) => Promise<T>,
  log: Log,
): Promise<T> {
  for (let n = 0; n < 10; n++) {
    const candidate = { ...user, email: demoAlias(user.email, n) };
    try {
      return await attempt(candidate);
    } catch (error) {
      if (!(error instanceof DemoUserUnusableError)) throw error;
      log({ type: 'warning', msg: `${error.message}; trying ${demoAlias(user.email, n + 1)}` });
    }
  }
  throw new Error(`no usable address for the demo user ${user.email} (tried 10 aliases)`);
}

async function login(api: ApiV1Client, user: { email: string; password: string }): Promise<TokenPair> {
  try {
    return await api.call<TokenPair>('POST', '/auth/login', user);
  } catch (error) {
    if (error instanceof ApiV1Error && (error.code === INVALID_CREDENTIALS || error.code === LOGIN_LOCKED)) {
      throw new DemoUserUnusableError(`${user.email} exists with another password (or is locked)`);
    }
    throw error;
  }
}

export interface DemoSetup extends DemoCredentials {
  webUser: { email: string; password: string };
  /** The demo markets (`BTCUSDT`...) the exchange trades, and the ones it lacks. */
  markets: string[];
  missingMarkets: string[];
  /** Demo assets the faucet refused (unknown to the wallet, typically). */
  missingAssets: string[];
}

type Log = (event: Record<string, unknown>) => void;

interface TokenPair {
  accessToken: string;
}

/**
 * Makes the demo users exist through the public API, idempotently: signs them up (or finds them), turns MFA
 * on for the traders and gives each an HMAC key with TRADE permission (a key from an earlier run that still
 * works is kept), tops up their balances with the faucet, and writes everything to `file`. `demoMarkets`
 * (Binance symbols) are checked against exchangeInfo: the set-up lists those the exchange trades.
 */
export async function seedDemo(
  baseUrl: string,
  file: string,
  demoMarkets: readonly string[],
  log: Log,
): Promise<DemoSetup> {
  const api = new ApiV1Client(baseUrl);
  const previous = readPrevious(file);
  const specs = marketSpecs(await new BinanceRestClient({ baseUrl }).exchangeInfo());
  const markets = demoMarkets.filter((symbol) => specs.has(symbol));
  const missingMarkets = demoMarkets.filter((symbol) => !specs.has(symbol));
  if (missingMarkets.length > 0) {
    log({
      type: 'warning',
      msg: `the exchange has no TRADING market ${missingMarkets.join(', ')}; the demo skips it`,
    });
  }

  const traders: DemoTrader[] = [];
  const missingAssets = new Set<string>();
  for (const user of DEMO_TRADERS) {
    const { accessToken, trader } = await firstUsable(
      user,
      (candidate) =>
        ensureTrader(
          api,
          baseUrl,
          candidate,
          previous?.traders.find((t) => t.email === candidate.email),
          log,
        ),
      log,
    );
    traders.push(trader);
    for (const asset of await topUp(api, accessToken, log)) missingAssets.add(asset);
  }
  const web = await firstUsable(
    DEMO_WEB_USER,
    async (candidate) => {
      await signUp(api, candidate);
      try {
        return { user: candidate, tokens: await login(api, candidate) };
      } catch (error) {
        if (error instanceof ApiV1Error && error.code === MFA_REQUIRED) {
          throw new DemoUserUnusableError(`${candidate.email} has MFA on; the web demo login needs none`);
        }
        throw error;
      }
    },
    log,
  );
  for (const asset of await topUp(api, web.tokens.accessToken, log)) missingAssets.add(asset);

  const setup: DemoSetup = {
    baseUrl,
    traders,
    webUser: web.user,
    markets,
    missingMarkets,
    missingAssets: [...missingAssets],
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(setup, null, 2)}\n`, { mode: 0o600 });
  return setup;
}

function readPrevious(file: string): DemoSetup | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoSetup;
  } catch {
    return undefined;
  }
}

async function signUp(api: ApiV1Client, user: { email: string; password: string }): Promise<boolean> {
  try {
    await api.call('POST', '/auth/sign-up', user);
    return true;
  } catch (error) {
    if (error instanceof ApiV1Error && error.code === EMAIL_TAKEN) return false;
    throw error;
  }
}

/**
 * Hands out TOTP codes for one user in increasing time steps: the users service takes a code once, and a
 * code of an earlier step never after a later one, but accepts the step after the current one (clock drift),
 * so two actions in a row need no wait.
 */
class CodeSource {
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(private readonly secret: string) {}

  async next(): Promise<string> {
    const step = Math.max(totpStep(Date.now()), this.lastStep + 1);
    const wait = (step - 1) * TOTP_STEP_MS - Date.now();
    if (wait > 0) await sleep(wait + 100, new AbortController().signal);
    this.lastStep = step;
    return totpCode(this.secret, step);
  }

  /** A code was refused as replayed: an earlier run used this step already. */
  skip(): void {
    this.lastStep = Math.max(this.lastStep, totpStep(Date.now()));
  }
}

async function withCode<T>(codes: CodeSource, action: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action(await codes.next());
    } catch (error) {
      if (!(error instanceof ApiV1Error && error.code === MFA_CODE_REPLAYED) || attempt === 3) throw error;
      codes.skip();
    }
  }
}

async function keyWorks(baseUrl: string, trader: DemoTrader): Promise<boolean> {
  try {
    await new BinanceRestClient({ baseUrl, credentials: trader }).account();
    return true;
  } catch (error) {
    if (error instanceof BinanceApiError && error.code !== 'network' && error.httpStatus < 500) return false;
    throw error;
  }
}

async function ensureTrader(
  api: ApiV1Client,
  baseUrl: string,
  user: { email: string; password: string },
  previous: DemoTrader | undefined,
  log: Log,
): Promise<{ trader: DemoTrader; accessToken: string }> {
  const created = await signUp(api, user);
  const known = created ? undefined : previous?.mfaSecret;
  let tokens: TokenPair;
  let mfa: { secret: string; codes: CodeSource };
  try {
    tokens = await login(api, user);
    // MFA is off (a new user, or a run stopped before confirming): turn it on, keys need it.
    const enrolled = await api.call<{ secret: string }>('POST', '/mfa/enrol', undefined, tokens.accessToken);
    mfa = { secret: enrolled.secret, codes: new CodeSource(enrolled.secret) };
    await withCode(mfa.codes, (code) => api.call('POST', '/mfa/confirm', { code }, tokens.accessToken));
  } catch (error) {
    if (!(error instanceof ApiV1Error && error.code === MFA_REQUIRED)) throw error;
    if (!known) {
      throw new DemoUserUnusableError(
        `${user.email} exists with MFA on, and its TOTP secret is not in the credentials file`,
      );
    }
    mfa = { secret: known, codes: new CodeSource(known) };
    tokens = await withCode(mfa.codes, (mfaCode) =>
      api.call<TokenPair>('POST', '/auth/login', { ...user, mfaCode }),
    );
  }
  if (previous && previous.mfaSecret === mfa.secret && (await keyWorks(baseUrl, previous))) {
    log({ type: 'event', msg: 'demo trader found', email: user.email, apiKey: previous.apiKey });
    return { trader: previous, accessToken: tokens.accessToken };
  }
  const key = await withCode(mfa.codes, (mfaCode) =>
    api.call<{ id: string; apiKey: string; secret: string }>(
      'POST',
      '/api-keys',
      { mfaCode, kind: 'HMAC', label: 'demo bots', permissions: ['READ', 'TRADE'] },
      tokens.accessToken,
    ),
  );
  log({
    type: 'event',
    msg: created ? 'demo trader created' : 'demo trader given a new key',
    email: user.email,
  });
  const trader: DemoTrader = {
    email: user.email,
    password: user.password,
    mfaSecret: mfa.secret,
    apiKeyId: key.id,
    apiKey: key.apiKey,
    secret: key.secret,
  };
  return { trader, accessToken: tokens.accessToken };
}

/** Tops each demo asset up to its demo balance when below half of it; returns the assets the faucet refused. */
async function topUp(api: ApiV1Client, accessToken: string, log: Log): Promise<string[]> {
  const { balances } = await api.call<{ balances: { asset: string; total: string }[] }>(
    'GET',
    '/balances',
    undefined,
    accessToken,
  );
  const refused: string[] = [];
  for (const [asset, amount] of Object.entries(DEMO_BALANCES)) {
    const total = balances.find((b) => b.asset === asset)?.total ?? '0';
    if (!belowHalf(total, amount)) continue;
    try {
      await api.call('POST', '/deposits/faucet', { asset, amount }, accessToken);
    } catch (error) {
      if (!(error instanceof ApiV1Error) || error.httpStatus >= 500 || error.httpStatus === 401) throw error;
      refused.push(asset);
      log({ type: 'warning', msg: `the faucet refused ${asset}: ${error.message}` });
    }
  }
  return refused;
}

/** `value < target / 2` for decimal strings, exactly. */
export function belowHalf(value: string, target: string): boolean {
  const scale = Math.max(fractionDigits(value), fractionDigits(target));
  const units = (text: string) => BigInt(text.replace('.', '') + '0'.repeat(scale - fractionDigits(text)));
  return units(value) * 2n < units(target);
}

const fractionDigits = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

import { execFile } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';

import {
  type ApiKeyLookupReply,
  type CreateApiKeyReply,
  type EnrolMfaReply,
  type TokenPair,
} from '@exchange/shared-contracts';
import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { encodeSealed, kekIdOf, SecretBox } from '../../src/api-keys/secret-box';
import { type RekeyReport } from '../../src/secrets/rekey.service';
import { freshCode, UsersHarness } from './users-harness';

jest.setTimeout(240_000);

const harness = new UsersHarness();
const password = 'tangerine-Orbit-4-lamps';
const oldKek = randomBytes(32);
const newKek = randomBytes(32);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// A fixed signing key, so that access tokens stay valid across the restarts below.
const signingKey = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

beforeAll(() => harness.start({ SECRETS_KEK: oldKek.toString('base64'), JWT_PRIVATE_KEY: signingKey }));
afterAll(() => harness.stop());

/** Runs the rekey command as operators do, as a process; its exit code and its last JSON line's report. */
function rekey(
  ...args: string[]
): Promise<{ code: number; report: RekeyReport | undefined; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/run.cjs', 'apps/users/src/rekey.cli.ts', ...args],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATABASE_URL: harness.databaseUrl,
          REDIS_URL,
          REDIS_KEY_PREFIX: harness.redisKeyPrefix,
          SECRETS_KEK: newKek.toString('base64'),
          SECRETS_KEK_PREVIOUS: oldKek.toString('base64'),
        },
      },
      (error, stdout, stderr) => {
        const lines = stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { msg: string; report?: RekeyReport });
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          report: lines.find((line) => line.msg === 'rekey finished')?.report,
          stderr,
        });
      },
    );
  });
}

/** How many stored sealed values are under each KEK id. */
async function sealedByKek(): Promise<Record<string, number>> {
  const { rows } = await harness.db.query(`
    select split_part(v, '.', 2) as kek, count(*)::int as n from (
      select totp_secret_sealed as v from users union all
      select totp_pending_sealed from users union all
      select secret_sealed from api_keys) s
    where v is not null group by 1`);
  return Object.fromEntries(rows.map((r: { kek: string; n: number }) => [r.kek, r.n]));
}

describe('users: re-sealing every secret under a new key-encryption key', () => {
  const users: Record<string, { session: TokenPair; secret: string; lastStep: number }> = {};
  const keys: CreateApiKeyReply[] = [];
  let pending: { session: TokenPair; secret: string };

  it('stores TOTP secrets, a pending enrolment and HMAC secrets under the old KEK', async () => {
    for (const name of ['tom', 'una']) {
      const email = `${name}@example.com`;
      await harness.call('signUp', { email, password });
      const session = await harness.call<TokenPair>('login', { email, password });
      const { secret } = await harness.call<EnrolMfaReply>('enrolMfa', { accessToken: session.accessToken });
      const first = await freshCode(secret, null);
      await harness.call('confirmMfa', { accessToken: session.accessToken, code: first.code });
      users[name] = { session, secret, lastStep: first.step };
    }
    for (const user of Object.values(users)) {
      const next = await freshCode(user.secret, user.lastStep);
      user.lastStep = next.step;
      keys.push(
        await harness.call<CreateApiKeyReply>('createApiKey', {
          accessToken: user.session.accessToken,
          kind: 'HMAC',
          label: 'bot',
          permissions: ['READ', 'TRADE'],
          mfaCode: next.code,
        }),
      );
    }
    await harness.call('signUp', { email: 'pam@example.com', password });
    const session = await harness.call<TokenPair>('login', { email: 'pam@example.com', password });
    const { secret } = await harness.call<EnrolMfaReply>('enrolMfa', { accessToken: session.accessToken });
    pending = { session, secret };
    // Lookups cache the rows (secrets sealed under the old KEK) in Redis.
    for (const key of keys) await harness.call('apiKey', { apiKey: key.apiKey });
    expect(await harness.redis.exists(...keys.map((key) => `users:api-key:${key.apiKey}`))).toBe(2);
    expect(await sealedByKek()).toEqual({ [kekIdOf(oldKek)]: 5 });
  });

  it('re-seals in bounded batches while the service runs with both KEKs, then finishes on a second run', async () => {
    await harness.stopService();
    await harness.startService({
      SECRETS_KEK: newKek.toString('base64'),
      SECRETS_KEK_PREVIOUS: oldKek.toString('base64'),
    });

    // Two batches of one row, as if the command had crashed there: part old, part new.
    const partial = await rekey('--batch-size', '1', '--max-batches', '2');
    expect(partial.code).toBe(2);
    expect(partial.report).toMatchObject({ complete: false, failed: [], rewrapped: { totp: 2 } });
    expect(await sealedByKek()).toEqual({ [kekIdOf(oldKek)]: 3, [kekIdOf(newKek)]: 2 });
    // Meanwhile everything still opens.
    for (const key of keys)
      expect((await harness.call<ApiKeyLookupReply>('apiKey', { apiKey: key.apiKey })).secret).toBe(
        key.secret,
      );

    const rest = await rekey('--batch-size', '2');
    expect({ code: rest.code, stderr: rest.stderr }).toEqual({ code: 0, stderr: '' });
    expect(rest.report).toEqual({
      kekId: kekIdOf(newKek),
      rewrapped: { totp: 0, 'totp-pending': 1, 'api-key': 2 },
      changedMeanwhile: 0,
      failed: [],
      complete: true,
    });
    expect(await sealedByKek()).toEqual({ [kekIdOf(newKek)]: 5 });
    // The cached rows of the re-sealed keys are gone (they held the old sealing).
    expect(await harness.redis.exists(...keys.map((key) => `users:api-key:${key.apiKey}`))).toBe(0);

    const again = await rekey();
    expect(again.code).toBe(0);
    expect(again.report?.rewrapped).toEqual({ totp: 0, 'totp-pending': 0, 'api-key': 0 });
  });

  it('reports a value it cannot open, leaves it as it is, and exits 2', async () => {
    const strayKek = randomBytes(32);
    const stray = encodeSealed(new SecretBox(strayKek).seal('JBSWY3DPEHPK3PXP', 'totp:x'));
    const { rows } = await harness.db.query(
      `insert into users (email, password_hash, totp_pending_sealed) values ('stray@example.com', 'x', $1) returning id`,
      [stray],
    );
    const result = await rekey();
    expect(result.code).toBe(2);
    expect(result.report?.failed).toEqual([
      { column: 'totp-pending', id: rows[0].id, reason: expect.stringContaining(kekIdOf(strayKek)) },
    ]);
    const after = await harness.db.query(`select totp_pending_sealed from users where id = $1`, [rows[0].id]);
    expect(after.rows[0].totp_pending_sealed).toBe(stray);
    await harness.db.query(`delete from users where id = $1`, [rows[0].id]);
  });

  it('verifies TOTP codes and HMAC signatures with only the new KEK configured', async () => {
    await harness.stopService();
    await harness.startService({ SECRETS_KEK: newKek.toString('base64'), SECRETS_KEK_PREVIOUS: '' });

    const payload = 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=100&timestamp=1764100000000';
    for (const key of keys) {
      const found = await harness.call<ApiKeyLookupReply>('apiKey', { apiKey: key.apiKey });
      const clientSignature = createHmac('sha256', key.secret!).update(payload).digest('hex');
      expect(createHmac('sha256', found.secret!).update(payload).digest('hex')).toBe(clientSignature);
    }

    const tom = users.tom!;
    const code = await freshCode(tom.secret, tom.lastStep);
    await expect(
      harness.call('login', { email: 'tom@example.com', password, mfaCode: code.code }),
    ).resolves.toHaveProperty('accessToken');
    const una = users.una!;
    const unaCode = await freshCode(una.secret, una.lastStep);
    await expect(
      harness.call('verifyMfa', {
        accessToken: una.session.accessToken,
        code: unaCode.code,
        purpose: 'withdrawal',
      }),
    ).resolves.toEqual({ userId: una.session.userId, verified: true });
    // The pending enrolment survived too: its secret confirms.
    const first = await freshCode(pending.secret, null);
    await expect(
      harness.call('confirmMfa', { accessToken: pending.session.accessToken, code: first.code }),
    ).resolves.toHaveProperty('recoveryCodes');
  });
});

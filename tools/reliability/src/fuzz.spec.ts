import fc from 'fast-check';

import {
  badValues,
  grpcBadValues,
  grpcRequests,
  malformedRequests,
  natsPayloads,
  refusalProblem,
  routesFromOpenApi,
} from './fuzz';

const DOCUMENT = {
  paths: {
    '/api/v3/ping': { get: {} },
    '/api/v3/depth': {
      get: {
        parameters: [
          { name: 'symbol', in: 'query', required: true },
          { name: 'limit', in: 'query', required: false },
        ],
      },
    },
    '/api/v3/order': {
      post: {
        parameters: [
          { name: 'symbol', in: 'query', required: true },
          { name: 'quantity', in: 'query', required: false },
          { name: 'timestamp', in: 'query', required: true },
          { name: 'signature', in: 'query', required: true },
        ],
        security: [{ 'X-MBX-APIKEY': [] }],
      },
    },
    '/api/v1/api-keys/{id}': {
      delete: { parameters: [{ name: 'id', in: 'path', required: true }], security: [{ session: [] }] },
      patch: { parameters: [{ name: 'id', in: 'path', required: true }], security: [{ session: [] }] },
    },
    '/api/v1/deposits/faucet': { post: { security: [{ session: [] }] } },
  },
};

const VALID: Record<string, unknown> = {
  symbol: 'BTCUSDT',
  limit: '5',
  quantity: '0.01',
  id: '7f0c2b7e-0000-4000-8000-000000000000',
  asset: 'USDT',
  amount: '1',
  label: 'desk',
};

describe('fuzz generators', () => {
  const { routes, skipped } = routesFromOpenApi(
    DOCUMENT,
    {
      'post /api/v1/deposits/faucet': { required: ['asset', 'amount'], optional: [] },
      'patch /api/v1/api-keys/{id}': { required: [], optional: ['label'] },
    },
    (_route, name) => VALID[name],
  );
  const route = (key: string) => routes.find((r) => `${r.method} ${r.path}` === key)!;

  it('reads routes from the OpenAPI document: authentication, inputs, and skips routes without input', () => {
    expect(skipped).toEqual(['get /api/v3/ping']);
    expect(route('get /api/v3/depth')).toMatchObject({ auth: 'none', input: 'query', required: ['symbol'] });
    // The signing parameters are the sender's, not inputs to break.
    expect(route('post /api/v3/order')).toMatchObject({
      auth: 'signed',
      required: ['symbol'],
      optional: ['quantity'],
    });
    expect(route('delete /api/v1/api-keys/{id}')).toMatchObject({ auth: 'session', required: ['id'] });
    expect(route('post /api/v1/deposits/faucet')).toMatchObject({
      input: 'json',
      required: ['asset', 'amount'],
    });
  });

  it('never sends the valid request itself: a mandatory parameter goes, or some value or shape is broken', () => {
    for (const key of ['get /api/v3/depth', 'post /api/v3/order', 'post /api/v1/deposits/faucet']) {
      const r = route(key);
      fc.assert(
        fc.property(malformedRequests(r), (kase) => {
          const first = kase.mutations[0]!;
          if (r.input === 'json') {
            if (kase.rawBody) return first.startsWith('body text');
            const body = JSON.parse(kase.body!) as unknown;
            if (typeof body !== 'object' || body === null || Array.isArray(body)) return true;
            return JSON.stringify(body) !== JSON.stringify({ asset: 'USDT', amount: '1' });
          }
          const names = kase.query.map(([n]) => n);
          const dropped = r.required.some((n) => !names.includes(n));
          const duplicated = new Set(names).size !== names.length;
          const broken = kase.query.some(
            ([n, v]) => badValues('unknown').includes(v) || (VALID[n] !== undefined && v !== VALID[n]),
          );
          return dropped || duplicated || broken || first.startsWith('extra');
        }),
        { seed: 1, numRuns: 300 },
      );
    }
  });

  it('puts any value of a path parameter into the path as text, wrong-typed ones as their JSON', () => {
    const r = route('patch /api/v1/api-keys/{id}');
    const seen = new Set<string>();
    fc.assert(
      fc.property(malformedRequests(r), (kase) => {
        const id = kase.pathParams['id']!;
        seen.add(kase.mutations[0]!.split(' ')[0]!);
        return typeof id === 'string' && !decodeURIComponent(id).includes('[object');
      }),
      { seed: 1, numRuns: 300 },
    );
    expect(seen.size).toBeGreaterThan(1);
  });

  it('breaks a password, an idempotency key or a client order id only as their rules do, not with text they accept', () => {
    const passwords = badValues('password');
    // The policy: 12 to 128 characters, not a common password (apps/users/src/accounts/password-policy.ts).
    expect(passwords.every((v) => v.length < 12 || v.length > 128 || v === 'password1234')).toBe(true);
    expect(passwords).not.toContain("'; DROP TABLE users; --");
    expect(passwords).toContain("' OR '1'='1");
    // `walletIdempotencyKeySchema`: 1 to 100 printable ASCII characters.
    const keys = badValues('idempotencyKey');
    expect(keys.some((v) => /^[\x21-\x7e]{1,100}$/.test(v))).toBe(false);
    expect(keys).toContain('x'.repeat(101));
    expect(badValues('clientId')).not.toContain('NaN');
    expect(badValues('symbol')).toContain("'; DROP TABLE users; --");
  });

  it('takes only a 4xx with a Binance {code, msg} as a refusal', () => {
    expect(refusalProblem({ status: 400, body: { code: -1102, msg: 'bad' }, ms: 1 })).toBeUndefined();
    expect(refusalProblem({ status: 401, body: { code: -2015, msg: 'no' }, ms: 1 })).toBeUndefined();
    expect(refusalProblem({ status: 500, body: { code: -1000, msg: 'oops' }, ms: 1 })).toMatch(
      /answered 500/,
    );
    expect(refusalProblem({ status: 200, body: {}, ms: 1 })).toMatch(/answered 200/);
    expect(refusalProblem({ status: 404, body: 'Not Found', ms: 1 })).toMatch(/answered 404/);
    expect(refusalProblem({ status: 0, body: 'TimeoutError', ms: 10_000 })).toMatch(/no answer/);
  });

  it('gives every gRPC request at least one field no rule allows', () => {
    const fields = [
      { name: 'symbol', type: 'TYPE_STRING' },
      { name: 'limit', type: 'TYPE_UINT32' },
      { name: 'symbols', type: 'TYPE_STRING', label: 'LABEL_REPEATED' },
    ];
    fc.assert(
      fc.property(grpcRequests(fields, true), (kase) =>
        fields.some((f) =>
          grpcBadValues(f).some((bad) => JSON.stringify(bad) === JSON.stringify(kase.request[f.name])),
        ),
      ),
      { seed: 1, numRuns: 300 },
    );
  });

  it('never breaks a gRPC request by a free filter alone (a txId or client id no row has matches nothing)', () => {
    const fields = [
      { name: 'txId', type: 'TYPE_STRING' },
      { name: 'clientWithdrawalId', type: 'TYPE_STRING' },
      { name: 'limit', type: 'TYPE_UINT32' },
    ];
    fc.assert(
      fc.property(grpcRequests(fields, true), (kase) =>
        grpcBadValues(fields[2]!).includes(kase.request['limit'] as number),
      ),
      { seed: 1, numRuns: 300 },
    );
  });

  it('says which NATS payloads name a reply: only Nest envelopes with an id', () => {
    fc.assert(
      fc.property(natsPayloads('wallet.query.balances.v1'), (payload) => {
        let envelope = false;
        try {
          const parsed = JSON.parse(Buffer.from(payload.data).toString('utf8')) as { id?: unknown };
          envelope = typeof parsed === 'object' && parsed !== null && typeof parsed.id === 'string';
        } catch {
          envelope = false;
        }
        return payload.expectsReply === envelope;
      }),
      { seed: 1, numRuns: 200 },
    );
  });
});

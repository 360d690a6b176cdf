import { createHmac } from 'node:crypto';

import fc from 'fast-check';

/**
 * Malformed input for every public REST route, from the gateway's own route list (its OpenAPI document at
 * `/docs/openapi.json`), so that a new route is fuzzed without touching this file. Each case starts from a valid
 * request and applies at least one mutation that makes it invalid by construction (a mandatory parameter dropped, a
 * value no rule of its kind allows, a parameter sent twice, a field the route does not know, a body that is not an
 * object or not JSON), plus optional noise; the answer must be a 4xx with a Binance `{code,msg}` and change nothing.
 */

/** What a parameter holds, by name (Binance's names); a name not listed is `unknown` and gets hostile strings. */
export type ParamKind =
  | 'symbol'
  | 'symbols'
  | 'integer'
  | 'decimal'
  | 'enum'
  | 'clientId'
  | 'idempotencyKey'
  | 'bool'
  | 'listenKey'
  | 'asset'
  | 'email'
  | 'password'
  | 'token'
  | 'totp'
  | 'uuid'
  | 'list'
  /** A filter any text is valid for (a `txId` no row has simply matches nothing): never the breaking mutation. */
  | 'free'
  | 'unknown';

const KINDS: Record<string, ParamKind> = {
  symbol: 'symbol',
  symbols: 'symbols',
  limit: 'integer',
  fromId: 'integer',
  startTime: 'integer',
  endTime: 'integer',
  orderId: 'integer',
  offset: 'integer',
  recvWindow: 'integer',
  status: 'integer',
  quantity: 'decimal',
  price: 'decimal',
  quoteOrderQty: 'decimal',
  newQty: 'decimal',
  amount: 'decimal',
  side: 'enum',
  type: 'enum',
  timeInForce: 'enum',
  newOrderRespType: 'enum',
  selfTradePreventionMode: 'enum',
  cancelRestrictions: 'enum',
  orderRateLimitExceededMode: 'enum',
  interval: 'enum',
  kind: 'enum',
  newClientOrderId: 'clientId',
  origClientOrderId: 'clientId',
  cancelNewClientOrderId: 'clientId',
  idempotencyKey: 'idempotencyKey',
  omitZeroBalances: 'bool',
  includeSource: 'bool',
  listenKey: 'listenKey',
  coin: 'asset',
  asset: 'asset',
  email: 'email',
  password: 'password',
  currentPassword: 'password',
  newPassword: 'password',
  refreshToken: 'token',
  mfaCode: 'totp',
  code: 'totp',
  recoveryCode: 'token',
  sessionId: 'uuid',
  id: 'uuid',
  permissions: 'list',
  address: 'free',
  label: 'free',
  txId: 'free',
  withdrawOrderId: 'free',
  idList: 'free',
  // gRPC FundingService's names of the last two.
  clientWithdrawalId: 'free',
  withdrawalIds: 'free',
};

export function kindOf(name: string): ParamKind {
  return KINDS[name] ?? 'unknown';
}

/** Strings no parameter of any kind accepts: injections, control and non-ASCII characters, number-likes. */
export const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '{"$gt": ""}',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '\u0000',
  '\u202eRTL',
  '😀',
  'ＢＴＣＵＳＤＴ',
  '٣',
  ' ',
  '\t1',
  'NaN',
  '-Infinity',
  'null',
  '[]',
  '1e309',
  '0x1F',
  '../../etc/passwd',
  '%00',
  'x'.repeat(5_000),
];

const BAD_BY_KIND: Record<Exclude<ParamKind, 'free' | 'unknown'>, string[]> = {
  symbol: ['btcusdt', 'BTC-USDT', 'BTCUSD', 'X'.repeat(30), 'BTC USDT'],
  symbols: ['["BTCUSDT",]', '[]', '"BTCUSDT"', '[1]', 'BTCUSDT', `[${'"BTCUSDT",'.repeat(200)}"BTCUSDT"]`],
  integer: ['-1', '1.5', '1e3', '9'.repeat(25), '18446744073709551616', '+5', ' 5', '5 ', '0x10'],
  decimal: [
    '-1',
    '-0.01',
    '0',
    '1e3',
    '1E-2',
    '1.5.5',
    '1,5',
    '+1',
    ' 1',
    '0x10',
    '9'.repeat(60),
    '0.0000000000000000000000001',
    '1000.0000000000000000001',
    '1'.padEnd(40, '0'),
  ],
  enum: ['ZZZ', 'BUYX', 'LIMITT', '1', 'GTC GTC', 'buy ', ''.padEnd(3, '?')],
  clientId: ['x'.repeat(37), 'a b', 'ü', 'a\u0000b', 'id;drop'],
  // The wallet's rule: 1 to 100 printable ASCII characters, no space (`walletIdempotencyKeySchema`).
  idempotencyKey: ['', 'x'.repeat(101), 'a b', 'ü', 'a\u0000b'],
  bool: ['TRUEX', '2', 'yes please', 'truee'],
  listenKey: ['short', 'x'.repeat(65), 'a b'.repeat(20), 'Z'.repeat(63) + '!'],
  asset: ['US DT', 'X'.repeat(40), 'NOPECOIN1', '$', 'USDT!'],
  email: ['no-at', 'a@', '@b.c', 'a b@c.d', `${'x'.repeat(300)}@e.com`],
  // What the users service's policy refuses: under 12 characters, a common password, over 128 characters.
  password: ['short', 'a', '1234', 'password1234', 'x'.repeat(129)],
  token: ['x', 'not a token', 'y'.repeat(10_000)],
  totp: ['12345', '1234567', 'abcdef', '12 456'],
  uuid: ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '1', "1' OR '1'='1"],
  list: ['READ', '', 'READ,TRADE'],
};

/**
 * Kinds whose rule takes much of the hostile text, with that rule: the hostile strings it accepts are not bad values
 * of the kind. A password of 12 to 128 characters that is not a common one is a good password whatever its characters
 * (NIST SP 800-63B), `'; DROP TABLE users; --` included; an idempotency key is any 1 to 100 printable ASCII
 * characters, `../../etc/passwd` included; a client order id takes letters, digits and `._:-`, so `NaN` too.
 */
const ACCEPTS: Partial<Record<ParamKind, (value: string) => boolean>> = {
  // The gateway's client order id rule (`NaN`, `null` and `0x1F` are good ids).
  clientId: (value) => /^[A-Za-z0-9._:-]{1,36}$/.test(value),
  password: (value) => value.length >= 12 && value.length <= 128,
  idempotencyKey: (value) => /^[\x21-\x7e]{1,100}$/.test(value),
};

/** Values that break a parameter of `kind` (for `free` and `unknown`, the hostile strings). */
export function badValues(kind: ParamKind): string[] {
  if (kind === 'free' || kind === 'unknown') return HOSTILE;
  const accepts = ACCEPTS[kind];
  return [...BAD_BY_KIND[kind], ...(accepts ? HOSTILE.filter((value) => !accepts(value)) : HOSTILE)];
}

/** Whether breaking this kind is guaranteed to make the request invalid. */
export const breakable = (kind: ParamKind): boolean => kind !== 'free';

export type Auth = 'signed' | 'apiKey' | 'session' | 'none';

/** A route as the fuzzer knows it: where its input goes and what a valid request looks like. */
export interface FuzzRoute {
  method: string;
  /** Path template, `{name}` for path parameters. */
  path: string;
  auth: Auth;
  /** Where the parameters travel: the query string (Binance shape) or a JSON body (`/api/v1`). */
  input: 'query' | 'json';
  required: string[];
  optional: string[];
  /** JSON value of a valid request per parameter (strings for query parameters). */
  valid: Record<string, unknown>;
}

export interface FuzzCase {
  route: string;
  /** What was done to the valid request, in order (the first one is the breaking mutation). */
  mutations: string[];
  /** Query parameters in order (names may repeat), or the JSON body's text. */
  query: [string, string][];
  pathParams: Record<string, string>;
  body?: string;
  /** The body sent is not JSON at all (`contentType` still says it is). */
  rawBody?: boolean;
  /** Send without credentials (the unauthenticated variant). */
  anonymous: boolean;
}

type Mutation =
  | { op: 'drop'; name: string }
  | { op: 'bad'; name: string; value: string }
  | { op: 'dup'; name: string; value: string }
  | { op: 'extra'; name: string; value: string }
  | { op: 'wrongType'; name: string; value: unknown }
  | { op: 'notObject'; value: unknown }
  | { op: 'notJson'; text: string };

const describe = (m: Mutation): string =>
  m.op === 'drop'
    ? `drop ${m.name}`
    : m.op === 'notObject'
      ? `body ${JSON.stringify(m.value)?.slice(0, 80)}`
      : m.op === 'notJson'
        ? `body text ${JSON.stringify(m.text.slice(0, 80))}`
        : `${m.op} ${m.name}=${JSON.stringify('value' in m ? m.value : '')?.slice(0, 80)}`;

const extraName = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,11}$/).map((s) => `zz${s}`);
const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
/** JSON values of the wrong type for a field of the contracts (NATS payloads: every field is a string there). */
const wrongTyped = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/**
 * JSON values of the wrong type for a parameter of an HTTP JSON body. Not whole numbers: the gateway takes any
 * parameter as a whole number within 2^53 (its digits are the text: `"orderId": 12`, `"limit": 50`), so `12` for a
 * client order id is the id `12`; a number with a fraction, a boolean, null, an array or an object never is.
 */
const wrongTypedParam = fc.oneof(
  fc.double().filter((value) => !Number.isSafeInteger(value)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/** The mutations that make a request of `route` invalid by construction. */
function breakingMutation(route: FuzzRoute): fc.Arbitrary<Mutation> {
  const params = [...route.required, ...route.optional];
  const breakableParams = params.filter((p) => breakable(kindOf(p)));
  const options: fc.Arbitrary<Mutation>[] = [];
  if (route.required.length)
    options.push(fc.constantFrom(...route.required).map((name) => ({ op: 'drop', name }) as const));
  if (breakableParams.length)
    options.push(
      fc
        .constantFrom(...breakableParams)
        .chain((name) =>
          fc.constantFrom(...badValues(kindOf(name))).map((value) => ({ op: 'bad', name, value }) as const),
        ),
    );
  if (route.input === 'query') {
    // A path parameter sent again in the query is not a duplicate the route sees.
    const queryParams = params.filter((p) => !route.path.includes(`{${p}}`));
    if (queryParams.length)
      options.push(
        fc
          .constantFrom(...queryParams)
          .chain((name) => anyString.map((value) => ({ op: 'dup', name, value }) as const)),
      );
    // Unknown parameters are refused where the gateway reads parameters strictly (signed routes: -1103).
    if (route.auth === 'signed')
      options.push(
        fc.tuple(extraName, anyString).map(([name, value]) => ({ op: 'extra', name, value }) as const),
      );
  } else {
    options.push(
      fc.tuple(extraName, anyString).map(([name, value]) => ({ op: 'extra', name, value }) as const),
    );
    options.push(
      fc
        .oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null))
        .map((value) => ({ op: 'notObject', value }) as const),
    );
    options.push(
      fc
        .constantFrom('{', '{"a":', "{'a':1}", '\u0000', '{"a":1}}', 'undefined', '[1,]', '{"a":1,}')
        .map((text) => ({ op: 'notJson', text }) as const),
    );
    const typed = params.filter((p) => kindOf(p) !== 'list');
    if (typed.length)
      options.push(
        fc
          .tuple(fc.constantFrom(...typed), wrongTypedParam)
          .map(([name, value]) => ({ op: 'wrongType', name, value }) as const),
      );
  }
  return fc.oneof(...options);
}

/** Noise that never makes an invalid request valid: hostile values in free filters, unknown extras on public routes. */
function noise(route: FuzzRoute): fc.Arbitrary<Mutation[]> {
  const free = [...route.required, ...route.optional].filter((p) => !breakable(kindOf(p)));
  const options: fc.Arbitrary<Mutation>[] = [
    fc.tuple(extraName, anyString).map(([name, value]) => ({ op: 'extra', name, value }) as const),
  ];
  if (free.length)
    options.push(
      fc
        .tuple(fc.constantFrom(...free), fc.constantFrom(...HOSTILE))
        .map(([name, value]) => ({ op: 'bad', name, value }) as const),
    );
  return fc.array(fc.oneof(...options), { maxLength: 2 });
}

/** Applies the mutations to the valid request of `route`. */
function build(route: FuzzRoute, optional: string[], mutations: Mutation[], anonymous: boolean): FuzzCase {
  const values = new Map<string, unknown>();
  for (const name of [...route.required, ...optional])
    if (route.valid[name] !== undefined) values.set(name, route.valid[name]);
  const dups: [string, string][] = [];
  let notObject: { value: unknown } | undefined;
  let notJson: string | undefined;
  for (const m of mutations) {
    if (m.op === 'drop') values.delete(m.name);
    else if (m.op === 'bad' || m.op === 'extra') values.set(m.name, m.value);
    else if (m.op === 'wrongType') values.set(m.name, m.value);
    else if (m.op === 'dup') {
      if (!values.has(m.name)) values.set(m.name, route.valid[m.name] ?? m.value);
      dups.push([m.name, m.value]);
    } else if (m.op === 'notObject') notObject = { value: m.value };
    else notJson = m.text;
  }
  const pathParams: Record<string, string> = {};
  for (const name of route.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
    // A wrong-typed value (an object, even one without a prototype) goes into the path as its JSON.
    const value = values.get(name) ?? '';
    pathParams[name] = encodeURIComponent(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    values.delete(name);
  }
  const kase: FuzzCase = {
    route: `${route.method.toUpperCase()} ${route.path}`,
    mutations: mutations.map(describe),
    query: [],
    pathParams,
    anonymous,
  };
  if (route.input === 'query') {
    kase.query = [...[...values].map(([k, v]) => [k, String(v)] as [string, string]), ...dups];
  } else if (notJson !== undefined) {
    kase.body = notJson;
    kase.rawBody = true;
  } else {
    kase.body = JSON.stringify(notObject ? notObject.value : Object.fromEntries(values));
  }
  return kase;
}

/** Malformed requests for `route`; `anonymous` ones go without credentials (routes that need some). */
export function malformedRequests(route: FuzzRoute): fc.Arbitrary<FuzzCase> {
  const anonymous = route.auth === 'none' ? fc.constant(false) : fc.boolean();
  return fc
    .tuple(
      fc.subarray(route.optional.filter((p) => route.valid[p] !== undefined)),
      breakingMutation(route),
      noise(route),
      anonymous,
    )
    .map(([optional, breaking, extra, anon]) => build(route, optional, [breaking, ...extra], anon));
}

/** The credentials the fuzzer signs with. */
export interface FuzzCredentials {
  apiKey: string;
  secret: string;
  accessToken: string;
}

export interface FuzzAnswer {
  status: number;
  body: unknown;
  ms: number;
}

/** Sends a case the way its route authenticates; the answer, or a `status: 0` when it did not come in `timeoutMs`. */
export async function sendCase(
  base: string,
  route: FuzzRoute,
  kase: FuzzCase,
  credentials: FuzzCredentials,
  timeoutMs = 10_000,
): Promise<FuzzAnswer> {
  let path = route.path;
  for (const [name, value] of Object.entries(kase.pathParams)) path = path.replace(`{${name}}`, value || '-');
  let query = new URLSearchParams(kase.query).toString();
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (route.auth === 'signed' || route.auth === 'apiKey') {
    if (!kase.anonymous) headers['X-MBX-APIKEY'] = credentials.apiKey;
    if (route.auth === 'signed') {
      query = [query, `timestamp=${Date.now()}`].filter(Boolean).join('&');
      if (!kase.anonymous)
        query += `&signature=${createHmac('sha256', credentials.secret).update(query).digest('hex')}`;
    }
    // Binance routes that write take the parameters as a form body.
    if (route.method !== 'get' && route.method !== 'delete' && route.auth === 'signed') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = query;
      query = '';
    }
  } else if (route.auth === 'session' && !kase.anonymous) {
    headers.authorization = `Bearer ${credentials.accessToken}`;
  }
  if (route.input === 'json' && kase.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = kase.body;
  }
  headers['user-agent'] = 'reliability-fuzz';
  const started = Date.now();
  try {
    const res = await fetch(`${base}${path}${query ? `?${query}` : ''}`, {
      method: route.method.toUpperCase(),
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text
    }
    return { status: res.status, body: parsed, ms: Date.now() - started };
  } catch (error) {
    return { status: 0, body: String(error), ms: Date.now() - started };
  }
}

/** A refusal as the API promises it: a 4xx with a Binance `{code, msg}`. Empty when it is; else what is wrong. */
export function refusalProblem(answer: FuzzAnswer): string | undefined {
  if (answer.status === 0) return `no answer within the timeout (${answer.body as string})`;
  const body = answer.body as { code?: unknown; msg?: unknown } | undefined;
  const shape =
    typeof body === 'object' && body !== null && Number.isInteger(body.code) && typeof body.msg === 'string';
  if (answer.status >= 400 && answer.status < 500 && shape) return undefined;
  return `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean }[];
  security?: Record<string, string[]>[];
}

/** The inputs of a route the OpenAPI document does not describe (the `/api/v1` bodies and some queries). */
export interface KnownInputs {
  required: string[];
  optional: string[];
  /** Where they travel, when not where the method says (`PUT /api/v1/userDataStream?listenKey=`). */
  input?: 'query' | 'json';
}

/**
 * The routes to fuzz: every operation of the OpenAPI document except those that take no input at all (nothing to
 * malform). `known` overrides what the document says a route takes (`/api/v1` bodies are not in it); POST, PUT
 * and PATCH under `/api/v1` take JSON, the rest query strings (and form bodies when signed).
 */
export function routesFromOpenApi(
  document: { paths: Record<string, Record<string, OpenApiOperation>> },
  known: Record<string, KnownInputs>,
  valid: (route: string, name: string) => unknown,
): { routes: FuzzRoute[]; skipped: string[] } {
  const routes: FuzzRoute[] = [];
  const skipped: string[] = [];
  const SIGNING = new Set(['timestamp', 'signature']);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const key = `${method} ${path}`;
      const params = (operation.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
      const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
      const signed = params.some((p) => p.name === 'signature');
      const auth: Auth = signed
        ? 'signed'
        : schemes.includes('X-MBX-APIKEY')
          ? 'apiKey'
          : schemes.includes('session')
            ? 'session'
            : 'none';
      const inPath = params.filter((p) => p.in === 'path').map((p) => p.name);
      const described = params.filter((p) => p.in === 'query' && !SIGNING.has(p.name));
      const inputs = known[key] ?? {
        required: described.filter((p) => p.required).map((p) => p.name),
        optional: described.filter((p) => !p.required).map((p) => p.name),
      };
      const required = [...inPath, ...inputs.required];
      const optional = inputs.optional;
      if (!required.length && !optional.length) {
        skipped.push(key);
        continue;
      }
      const names = [...required, ...optional];
      routes.push({
        method,
        path,
        auth,
        input:
          known[key]?.input ??
          (path.startsWith('/api/v1/') && ['post', 'put', 'patch'].includes(method) ? 'json' : 'query'),
        required,
        optional,
        valid: Object.fromEntries(names.map((n) => [n, valid(key, n)]).filter(([, v]) => v !== undefined)),
      });
    }
  }
  return { routes, skipped };
}

/** A payload for a NATS handler that no handler may take: what kind, and the bytes. */
export interface NatsFuzzPayload {
  kind: 'bytes' | 'text' | 'json' | 'envelope' | 'huge';
  data: Uint8Array;
  /** Whether a Nest handler can tell where to answer (a JSON envelope with an `id`): then it must answer. */
  expectsReply: boolean;
}

const encoder = new TextEncoder();

/** Field names the contracts use, with values of the wrong kind: "valid JSON, wrong schema". */
const CONTRACT_FIELDS = [
  'userId',
  'accessToken',
  'email',
  'password',
  'asset',
  'amount',
  'market',
  'symbol',
  'side',
  'type',
  'price',
  'quantity',
  'orderId',
  'clientOrderId',
  'limit',
  'code',
  'refreshToken',
  'apiKey',
  'idempotencyKey',
];

/**
 * Malformed payloads for a request subject: random bytes and text that is not JSON (`unparseable`); JSON that is
 * not Nest's `{pattern,data,id}` envelope, envelopes whose `data` breaks every request schema (random JSON,
 * contract field names with values of the wrong type, `null`) and a payload near NATS's 1 MB limit (`parseable`).
 */
export function natsPayloads(
  subject: string,
  which: 'parseable' | 'unparseable' | 'all' = 'all',
): fc.Arbitrary<NatsFuzzPayload> {
  const envelope = (data: unknown, id: string) =>
    encoder.encode(JSON.stringify({ pattern: subject, data, id }));
  const wrongSchema = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom(...CONTRACT_FIELDS), wrongTyped, { minKeys: 1, maxKeys: 5 }),
    fc.dictionary(
      fc.constantFrom(...CONTRACT_FIELDS),
      fc.constantFrom(...HOSTILE, ...BAD_BY_KIND.decimal, ...BAD_BY_KIND.uuid),
      { minKeys: 1, maxKeys: 5 },
    ),
    fc.constant(null),
  );
  // Random bytes are almost never JSON; the few that are count as unparseable all the same (no reply expected).
  const unparseable: fc.Arbitrary<NatsFuzzPayload>[] = [
    fc.uint8Array({ maxLength: 200 }).map((data) => ({ kind: 'bytes' as const, data, expectsReply: false })),
    fc
      .constantFrom('{', 'not json', '{"pattern":', '\u0000', '{"id":"1","data":}', '[1,2')
      .map((t) => ({ kind: 'text' as const, data: encoder.encode(t), expectsReply: false })),
  ];
  const parseable: fc.Arbitrary<NatsFuzzPayload>[] = [
    fc
      .oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ pattern: subject }), fc.constant({ data: {} }))
      .map((v) => ({ kind: 'json' as const, data: encoder.encode(JSON.stringify(v)), expectsReply: false })),
    fc
      .tuple(wrongSchema, fc.uuid())
      .map(([data, id]) => ({ kind: 'envelope' as const, data: envelope(data, id), expectsReply: true })),
    fc.uuid().map((id) => ({
      kind: 'huge' as const,
      data: envelope({ userId: 'x'.repeat(900_000) }, id),
      expectsReply: true,
    })),
  ];
  // Printed in failure reports as kind and text (a 900 KB payload as its first 200 characters), not as bytes.
  const printable = (payload: NatsFuzzPayload): NatsFuzzPayload =>
    Object.assign(payload, {
      [fc.toStringMethod]: () => {
        const text = Buffer.from(payload.data).toString('utf8');
        return `${payload.kind} (${payload.data.length} B): ${JSON.stringify(text.slice(0, 200))}`;
      },
    });
  return fc
    .oneof(
      ...(which === 'parseable'
        ? parseable
        : which === 'unparseable'
          ? unparseable
          : [...unparseable, ...parseable]),
    )
    .map(printable);
}

/** A field of a gRPC request message, as @grpc/proto-loader describes it. */
export interface GrpcField {
  name: string;
  type: string;
  label?: string;
}

const GRPC_DECIMALS = new Set(['quantity', 'quoteOrderQty', 'price', 'stopPrice', 'newQuantity']);

/** Values that break a gRPC field of this name and type (they still encode: numbers stay numeric strings). */
export function grpcBadValues(field: GrpcField): unknown[] {
  const one = (values: unknown[]) => (field.label === 'LABEL_REPEATED' ? values.map((v) => [v]) : values);
  switch (field.type) {
    case 'TYPE_STRING':
      if (field.name === 'symbol' || field.name === 'symbols') return one(badValues('symbol'));
      if (GRPC_DECIMALS.has(field.name)) return one(badValues('decimal'));
      if (field.name === 'interval') return one(badValues('enum'));
      if (/id$/i.test(field.name)) return one(badValues('clientId'));
      return one(HOSTILE);
    case 'TYPE_ENUM':
      // Values no enum of the contracts has. (A name no enum has is not sent: the client encodes it as 0, the
      // unset value, which an optional filter such as a status takes.)
      return one([999, -1]);
    case 'TYPE_UINT64':
    case 'TYPE_INT64':
      return one(['18446744073709551615', '9223372036854775807', '9007199254740993', '-1']);
    case 'TYPE_UINT32':
    case 'TYPE_INT32':
      return one([4294967295, 2147483647, -1]);
    case 'TYPE_MESSAGE':
      // An empty reference: neither of its alternatives.
      return one([{}]);
    default:
      return one([null]);
  }
}

export interface GrpcFuzzCase {
  request: Record<string, unknown>;
  mutations: string[];
  anonymous: boolean;
}

/**
 * Malformed requests for a gRPC method: a valid `symbol` when it has one, then one to three fields set to values
 * no rule of theirs allows (the first one always, never a free filter such as `txId`), optionally without
 * credentials.
 */
export function grpcRequests(fields: GrpcField[], authenticated: boolean): fc.Arbitrary<GrpcFuzzCase> {
  const mutationOf = (candidates: GrpcField[]) =>
    fc
      .constantFrom(...candidates)
      .chain((field) =>
        fc.constantFrom(...grpcBadValues(field)).map((value) => [field.name, value] as const),
      );
  const breakable = fields.filter((f) => KINDS[f.name] !== 'free');
  return fc
    .tuple(
      mutationOf(breakable.length > 0 ? breakable : fields),
      fc.array(mutationOf(fields), { maxLength: 2 }),
      authenticated ? fc.boolean() : fc.constant(false),
    )
    .map(([first, more, anonymous]) => {
      const request: Record<string, unknown> = {};
      if (fields.some((f) => f.name === 'symbol')) request.symbol = 'BTCUSDT';
      for (const [name, value] of more) request[name] = value;
      // The breaking one last, so that no other mutation overwrites it.
      request[first[0]] = first[1];
      return {
        request,
        mutations: [first, ...more].map(([n, v]) => `${n}=${JSON.stringify(v)?.slice(0, 60)}`),
        anonymous,
      };
    });
}

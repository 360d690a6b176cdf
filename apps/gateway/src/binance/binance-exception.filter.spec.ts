import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { BinanceApiError, BinanceErrorCode } from './binance-error-code';
import { errorAnswer, requestRefusal } from './binance-exception.filter';

type Middleware = (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
// Express's own body parsers, as the gateway runs them (the workspace has no @types/express).
const { json, urlencoded } = createRequire(__filename)('express') as {
  json(options?: { limit?: string }): Middleware;
  urlencoded(options: { extended: boolean; limit?: string }): Middleware;
};

/** Runs a real Express body parser over a fake request stream and returns the error it raises. */
function parserError(parser: Middleware, contentType: string, body: string): Promise<unknown> {
  const req = Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) },
    method: 'POST',
    url: '/',
  });
  return new Promise((resolve) => parser(req, {}, (error) => resolve(error)));
}

describe(requestRefusal.name, () => {
  it('answers an oversized JSON body with 413, not 500', async () => {
    const error = await parserError(
      json({ limit: '1kb' }),
      'application/json',
      JSON.stringify({ a: 'x'.repeat(2048) }),
    );
    expect(requestRefusal(error)).toEqual({
      status: 413,
      code: BinanceErrorCode.TOO_MANY_PARAMETERS,
      msg: 'Request body too large.',
    });
  });

  it('answers a malformed JSON body with 400', async () => {
    const error = await parserError(json(), 'application/json', '{"a":');
    expect(requestRefusal(error)).toMatchObject({
      status: 400,
      code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    });
  });

  it('answers an oversized form body with 413', async () => {
    const error = await parserError(
      urlencoded({ extended: false, limit: '1kb' }),
      'application/x-www-form-urlencoded',
      `pad=${'x'.repeat(2048)}`,
    );
    expect(requestRefusal(error)).toMatchObject({ status: 413 });
  });

  it('leaves bugs alone: plain errors and non-exposed statuses stay 500', () => {
    expect(requestRefusal(new Error('boom'))).toBeNull();
    expect(requestRefusal({ status: 400, expose: false })).toBeNull();
    expect(requestRefusal({ status: 503, expose: true })).toBeNull();
    expect(requestRefusal(null)).toBeNull();
  });
});

describe(errorAnswer.name, () => {
  it("writes a refusal's data beside code and msg only when it has some", () => {
    const data = { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED' };
    const failed = new BinanceApiError(
      BinanceErrorCode.CANCEL_REPLACE_FAILED,
      'Order cancel-replace failed.',
      400,
      undefined,
      data,
    );
    expect(errorAnswer(failed)).toMatchObject({
      status: 400,
      body: { code: -2022, msg: 'Order cancel-replace failed.', data },
    });
    const plain = errorAnswer(new BinanceApiError(BinanceErrorCode.CANCEL_REJECTED, 'Unknown order sent.'));
    expect(plain.body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });
});

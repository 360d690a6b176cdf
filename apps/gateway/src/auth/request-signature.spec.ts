import { generateKeyPairSync, sign } from 'node:crypto';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import {
  assertFreshTimestamp,
  isValidEd25519Signature,
  isValidHmacSignature,
  signedPayloadOf,
  splitSignedPayload,
} from './request-signature';

// The worked example of Binance's own API documentation.
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const SIGNED =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

function codeOf(fn: () => unknown): BinanceErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof BinanceApiError ? error.code : undefined;
  }
  return undefined;
}

describe(splitSignedPayload.name, () => {
  it('keeps the exact signed bytes before &signature=', () => {
    expect(splitSignedPayload(`${SIGNED}&signature=${SIGNATURE}`)).toEqual({
      signed: SIGNED,
      signature: SIGNATURE,
    });
  });

  it('refuses a payload without a signature, or with parameters after it', () => {
    expect(codeOf(() => splitSignedPayload(SIGNED))).toBe(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    );
    expect(codeOf(() => splitSignedPayload(`${SIGNED}&signature=`))).toBe(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    );
  });
});

describe(isValidHmacSignature.name, () => {
  it('accepts the documented example', () =>
    expect(isValidHmacSignature(SIGNED, SIGNATURE, SECRET)).toBe(true));

  it('refuses a changed byte, a wrong secret and a malformed signature', () => {
    expect(isValidHmacSignature(SIGNED.replace('quantity=1', 'quantity=2'), SIGNATURE, SECRET)).toBe(false);
    expect(isValidHmacSignature(SIGNED, SIGNATURE, `${SECRET}x`)).toBe(false);
    expect(isValidHmacSignature(SIGNED, 'zz', SECRET)).toBe(false);
  });
});

describe(isValidEd25519Signature.name, () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signature = sign(null, Buffer.from(SIGNED), privateKey).toString('base64');

  it('accepts a signature of the signed bytes', () =>
    expect(isValidEd25519Signature(SIGNED, signature, pem)).toBe(true));

  it('refuses other bytes, another key and garbage', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(isValidEd25519Signature(`${SIGNED}&x=1`, signature, pem)).toBe(false);
    expect(isValidEd25519Signature(SIGNED, signature, other)).toBe(false);
    expect(isValidEd25519Signature(SIGNED, 'not-base64!', 'not a key')).toBe(false);
  });
});

describe(assertFreshTimestamp.name, () => {
  const now = 1_700_000_000_000;
  const params = (timestamp: number | string, recvWindow?: number) =>
    new URLSearchParams({
      timestamp: String(timestamp),
      ...(recvWindow ? { recvWindow: String(recvWindow) } : {}),
    });

  it('accepts [now - recvWindow, now + 1000]', () => {
    expect(() => assertFreshTimestamp(params(now - 10_000, 10_000), now)).not.toThrow();
    expect(() => assertFreshTimestamp(params(now + 1_000), now)).not.toThrow();
  });

  it('answers -1021 outside the window and -1102 for a missing or malformed timestamp', () => {
    expect(codeOf(() => assertFreshTimestamp(params(now - 10_001, 10_000), now))).toBe(
      BinanceErrorCode.INVALID_TIMESTAMP,
    );
    expect(codeOf(() => assertFreshTimestamp(params(now + 1_001), now))).toBe(
      BinanceErrorCode.INVALID_TIMESTAMP,
    );
    expect(codeOf(() => assertFreshTimestamp(new URLSearchParams(), now))).toBe(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    );
    expect(codeOf(() => assertFreshTimestamp(params('12abc'), now))).toBe(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    );
  });

  it('answers -1131 for a recvWindow above 60000', () => {
    expect(codeOf(() => assertFreshTimestamp(params(now, 70_000), now))).toBe(
      BinanceErrorCode.BAD_RECV_WINDOW,
    );
  });

  it.each(['\t5000', ' 5000', '1e3', '0x10', '5000.0', '+5000', ''])(
    'takes digits only: recvWindow %j is -1131',
    (recvWindow) => {
      const query = new URLSearchParams({ timestamp: String(now), recvWindow });
      expect(codeOf(() => assertFreshTimestamp(query, now))).toBe(BinanceErrorCode.BAD_RECV_WINDOW);
    },
  );

  it.each([` ${now}`, '1.7e12', `${now}.0`, `0x${now.toString(16)}`])(
    'takes digits only: timestamp %j is -1102',
    (timestamp) => {
      expect(codeOf(() => assertFreshTimestamp(params(timestamp), now))).toBe(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      );
    },
  );
});

describe(signedPayloadOf.name, () => {
  it('signs the query string followed by the body, without the signature, wherever it is', () => {
    expect(signedPayloadOf('symbol=BTCUSDT&timestamp=1&signature=ab', '')).toEqual({
      signed: 'symbol=BTCUSDT&timestamp=1',
      signature: 'ab',
    });
    expect(signedPayloadOf('', 'symbol=BTCUSDT&timestamp=1&signature=ab')).toEqual({
      signed: 'symbol=BTCUSDT&timestamp=1',
      signature: 'ab',
    });
    // Binance's mixed example: part in the query, the rest and the signature in the body.
    expect(signedPayloadOf('symbol=LTCBTC&side=BUY', 'quantity=1&timestamp=1&signature=cd')).toEqual({
      signed: 'symbol=LTCBTC&side=BUYquantity=1&timestamp=1',
      signature: 'cd',
    });
  });

  it('refuses a request with no signature', () => {
    expect(codeOf(() => signedPayloadOf('timestamp=1', 'a=1'))).toBe(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    );
  });
});

import { createHmac, timingSafeEqual, verify as verifySignature, createPublicKey } from 'node:crypto';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';

/**
 * Splits the exact bytes a client signed (query string for GET/DELETE, form body for POST) into the signed
 * part and the signature: the signature must be the last parameter, and the signed part is everything before
 * `&signature=` as received, never re-encoded.
 */
export function splitSignedPayload(raw: string): { signed: string; signature: string } {
  const marker = raw.lastIndexOf('&signature=');
  const start = raw.startsWith('signature=') ? 0 : marker;
  if (start < 0) {
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    );
  }
  const signature = decodeURIComponent(
    raw.slice(start + (start === 0 ? 'signature='.length : '&signature='.length)),
  );
  if (signature.includes('&') || signature.length === 0) {
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    );
  }
  return { signed: start === 0 ? '' : raw.slice(0, start), signature };
}

/**
 * Binance signs `queryString + requestBody` (no separator) with the `signature` parameter taken out: it is the last
 * parameter of whichever of the two carries it.
 */
export function signedPayloadOf(rawQuery: string, rawForm: string): { signed: string; signature: string } {
  if (/(^|&)signature=/.test(rawForm)) {
    const part = splitSignedPayload(rawForm);
    return { signed: rawQuery + part.signed, signature: part.signature };
  }
  const part = splitSignedPayload(rawQuery);
  return { signed: part.signed + rawForm, signature: part.signature };
}

/** HMAC-SHA256 request signing: lower-case (or upper-case) hex of the HMAC of the signed part. */
export function isValidHmacSignature(signed: string | Buffer, signature: string, secret: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(signed).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Ed25519 request signing: base64 signature of the signed part, verified with the key's PEM public key. */
export function isValidEd25519Signature(
  signed: string | Buffer,
  signature: string,
  publicKeyPem: string,
): boolean {
  try {
    return verifySignature(
      null,
      Buffer.from(signed),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** Binance's rule: reject a `timestamp` outside `[now - recvWindow, now + 1000]` with -1021. */
export function assertFreshTimestamp(
  params: { get(name: string): string | null | undefined },
  nowMs: number,
  maxRecvWindowMs = 60_000,
): void {
  // Digits only: `Number()` alone would also take ' 5000', '1e3', '0x10' or '5000.0'.
  const integer = (text: string | null | undefined) => (text && /^\d{1,16}$/.test(text) ? Number(text) : NaN);
  const timestamp = integer(params.get('timestamp'));
  const rawWindow = params.get('recvWindow');
  const recvWindow = rawWindow === undefined || rawWindow === null ? 5_000 : integer(rawWindow);
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) {
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    );
  }
  if (!Number.isSafeInteger(recvWindow) || recvWindow <= 0 || recvWindow > maxRecvWindowMs) {
    throw new BinanceApiError(
      BinanceErrorCode.BAD_RECV_WINDOW,
      `recvWindow must be a positive integer of at most ${maxRecvWindowMs}.`,
    );
  }
  if (timestamp < nowMs - recvWindow || timestamp > nowMs + 1_000) {
    throw new BinanceApiError(
      BinanceErrorCode.INVALID_TIMESTAMP,
      'Timestamp for this request is outside of the recvWindow.',
    );
  }
}

import { createHmac, type KeyObject, sign } from 'node:crypto';

/**
 * Metadata of a signed gRPC call (docs/grpc.md): the API key, the client's clock, an optional receive window, and
 * the signature of `signingPayload(...)`.
 */
export const GRPC_AUTH_METADATA = {
  apiKey: 'x-api-key',
  timestamp: 'x-timestamp',
  recvWindow: 'x-recv-window',
  signature: 'x-signature',
} as const;

/**
 * The canonical form a partner signs: the method's path, the timestamp and the receive window as sent (empty when
 * not sent), each followed by a line feed, then the exact bytes of the serialised request message:
 * `"/exchange.trading.v1.TradingService/PlaceOrder\n1700000000000\n5000\n" + <request bytes>`. The server checks
 * the signature over the bytes it received, so any deterministic protobuf serialiser works.
 */
export function signingPayload(
  methodPath: string,
  timestamp: string,
  recvWindow: string,
  requestBytes: Uint8Array,
): Buffer {
  return Buffer.concat([Buffer.from(`${methodPath}\n${timestamp}\n${recvWindow}\n`), requestBytes]);
}

export type GrpcSigningKey = { apiKey: string; secret: string } | { apiKey: string; privateKey: KeyObject };

/**
 * The metadata entries of a signed call: HMAC-SHA256 in lower-case hex with an HMAC key's secret, or an Ed25519
 * signature in base64 with an Ed25519 key's private key.
 */
export function signedCallMetadata(
  key: GrpcSigningKey,
  methodPath: string,
  requestBytes: Uint8Array,
  options: { timestamp?: number; recvWindow?: number } = {},
): Record<string, string> {
  const timestamp = String(options.timestamp ?? Date.now());
  const recvWindow = options.recvWindow === undefined ? '' : String(options.recvWindow);
  const payload = signingPayload(methodPath, timestamp, recvWindow, requestBytes);
  const signature =
    'secret' in key
      ? createHmac('sha256', key.secret).update(payload).digest('hex')
      : sign(null, payload, key.privateKey).toString('base64');
  return {
    [GRPC_AUTH_METADATA.apiKey]: key.apiKey,
    [GRPC_AUTH_METADATA.timestamp]: timestamp,
    ...(recvWindow && { [GRPC_AUTH_METADATA.recvWindow]: recvWindow }),
    [GRPC_AUTH_METADATA.signature]: signature,
  };
}

import { type Interceptor, InterceptingCall, type Metadata } from '@grpc/grpc-js';

import { type GrpcSigningKey, signedCallMetadata } from '@exchange/shared-contracts-grpc';

/**
 * A grpc-js client interceptor that signs every call as docs/grpc.md describes: it holds the call's start until the
 * request message is known, serialises it with the method's own serialiser (the bytes the channel then sends), and
 * adds `x-api-key`, `x-timestamp`, `x-recv-window` and `x-signature` to the metadata.
 */
export function signingInterceptor(key: GrpcSigningKey, options: { recvWindow?: number } = {}): Interceptor {
  return (callOptions, nextCall) => {
    const definition = callOptions.method_definition;
    let start: { metadata: Metadata; proceed: () => void } | undefined;
    return new InterceptingCall(nextCall(callOptions), {
      start(metadata, listener, next) {
        start = { metadata, proceed: () => next(metadata, listener) };
      },
      sendMessage(message, next) {
        const bytes = definition.requestSerialize(message);
        const entries = signedCallMetadata(key, definition.path, bytes, options);
        for (const [name, value] of Object.entries(entries)) start!.metadata.set(name, value);
        start!.proceed();
        next(message);
      },
    });
  };
}

import { z } from 'zod';

import { envPort } from '@exchange/shared-util-config';

/** The gRPC server's environment, part of the gateway's (`gatewayConfigSchema`). */
export const grpcEnv = {
  /** The partner API's port (0: any free port, logged as `grpc listening`). */
  GRPC_PORT: envPort(9090),
  /** The address it listens on (like HTTP_HOST). */
  GRPC_HOST: z.string().min(1).default('127.0.0.1'),
  /** PEM certificate chain and private key: both set serves TLS, neither plaintext (behind a TLS-ending proxy). */
  GRPC_TLS_CERT_FILE: z.string().default(''),
  GRPC_TLS_KEY_FILE: z.string().default(''),
  /** Messages a server stream may queue for a client that reads slowly before it is closed (RESOURCE_EXHAUSTED). */
  GRPC_STREAM_BUFFER: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
};

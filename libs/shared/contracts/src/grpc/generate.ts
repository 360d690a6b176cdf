import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** The contracts lib's folder: the generator runs there, so the files name their protos as `proto/...`. */
const LIB_ROOT = join(__dirname, '..', '..');
const GENERATOR = join(LIB_ROOT, '..', '..', '..', 'node_modules', '.bin', 'proto-loader-gen-types');

/** Every proto file the types cover, the vendored google ones included (relative to `proto/`). */
export const GENERATED_PROTOS = [
  'exchange/common/v1/common.proto',
  'exchange/trading/v1/trading_service.proto',
  'exchange/account/v1/account_service.proto',
  'exchange/marketdata/v1/market_data_service.proto',
  'exchange/funding/v1/funding_service.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
];

/**
 * Writes the TypeScript types of the proto files into `outDir` (`src/grpc/generated` by default) with the options of
 * `GRPC_LOADER_OPTIONS`: `npm run grpc:generate` after changing a proto file.
 */
export function generateGrpcTypes(outDir = join(__dirname, 'generated')): void {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(
    GENERATOR,
    [
      '--longs=String',
      '--enums=String',
      '--defaults',
      '--oneofs',
      '--grpcLib=@grpc/grpc-js',
      '--includeDirs=proto',
      `--outDir=${outDir}`,
      ...GENERATED_PROTOS,
    ],
    { cwd: LIB_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

if (process.argv[1] === __filename) {
  generateGrpcTypes();
  process.stdout.write('generated libs/shared/contracts/src/grpc/generated\n');
}

import { UsersErrorCode } from '@exchange/shared-contracts';

/** An expected refusal with its numbered code; the RPC filter turns it into `RpcException({ code, message })`. */
export class UsersError extends Error {
  override readonly name = 'UsersError';

  constructor(
    readonly code: UsersErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export { UsersErrorCode };

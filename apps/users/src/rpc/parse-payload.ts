import { type z } from 'zod';

import { UsersError, UsersErrorCode } from '../errors/users.error';

/** The payload checked against its contract; VALIDATION_FAILED naming each bad field otherwise. */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
  }));
  throw new UsersError(
    UsersErrorCode.VALIDATION_FAILED,
    `invalid request: ${issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')}`,
    { issues },
  );
}

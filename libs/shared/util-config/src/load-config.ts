import { z } from 'zod';

import { ConfigValidationError } from './config-validation.error';

export type EnvSource = Record<string, string | undefined>;

/**
 * Parses the environment once, at boot, into a typed and frozen object.
 * Every bad variable is reported at once, by name, so that an operator fixes them in one go.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: EnvSource = process.env,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigValidationError(
      result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        problem: issue.message,
      })),
    );
  }
  return Object.freeze(result.data);
}

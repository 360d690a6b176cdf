import { z } from 'zod';

/** The reply of every service's `<svc>.query.status.v1`: who answered and whether its dependencies are ready. */
export const serviceStatusSchema = z.object({
  service: z.string().min(1),
  version: z.string().min(1),
  ready: z.boolean(),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
  uptimeSeconds: z.number().nonnegative(),
});

export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

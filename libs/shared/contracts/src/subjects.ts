/**
 * Core NATS request/reply and fact subjects, shaped `<svc>.<cmd|query|evt>.<name>.v<N>`.
 * Never change what a subject's payload means: publish a `v2` instead.
 */
export const SUBJECTS = {
  gateway: {
    status: 'gateway.query.status.v1',
    /** Core NATS fact `{ listenKey }` among gateway pods: a listen key was deleted, end its user-data streams now. */
    listenKeyClosed: 'gateway.evt.listen-key-closed.v1',
  },
  users: { status: 'users.query.status.v1' },
  wallet: { status: 'wallet.query.status.v1' },
  matching: { status: 'matching.query.status.v1' },
  marketData: { status: 'market-data.query.status.v1' },
} as const;

/** Queue groups: every pod of a service shares one, so that each request reaches one pod. */
export const QUEUE_GROUPS = {
  gateway: 'gateway',
  users: 'users',
  wallet: 'wallet',
  matching: 'matching',
  marketData: 'market-data',
} as const;

export type ServiceKey = keyof typeof SUBJECTS;

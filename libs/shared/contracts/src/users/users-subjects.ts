/**
 * The users service's request/reply subjects (core NATS, queue group `users`), shaped
 * `users.<cmd|query>.<name>.v<N>`. A run prefix (`NATS_STREAM_PREFIX`, see `NatsNames.subject`) is put in front
 * when one is configured, so that test runs sharing a server never answer each other; production has none.
 */
export const USERS_SUBJECTS = {
  signUp: 'users.cmd.sign-up.v1',
  login: 'users.cmd.login.v1',
  refresh: 'users.cmd.refresh.v1',
  logout: 'users.cmd.logout.v1',
  logoutEverywhere: 'users.cmd.logout-everywhere.v1',
  revokeSession: 'users.cmd.revoke-session.v1',
  changePassword: 'users.cmd.change-password.v1',
  sessions: 'users.query.sessions.v1',
  enrolMfa: 'users.cmd.enrol-mfa.v1',
  confirmMfa: 'users.cmd.confirm-mfa.v1',
  disableMfa: 'users.cmd.disable-mfa.v1',
  verifyMfa: 'users.cmd.verify-mfa.v1',
  createApiKey: 'users.cmd.create-api-key.v1',
  updateApiKey: 'users.cmd.update-api-key.v1',
  revokeApiKey: 'users.cmd.revoke-api-key.v1',
  apiKeys: 'users.query.api-keys.v1',
  apiKey: 'users.query.api-key.v1',
  jwks: 'users.query.jwks.v1',
  auditLog: 'users.query.audit-log.v1',
} as const;

export type UsersSubject = (typeof USERS_SUBJECTS)[keyof typeof USERS_SUBJECTS];

/** The users service's security events (`GET /api/v1/audit-log`), in the words the account page shows. */
const AUDIT_EVENT_TEXT: Record<string, string> = {
  SIGN_UP: 'Signed up',
  LOGIN_SUCCEEDED: 'Logged in',
  LOGIN_FAILED: 'Login failed',
  LOGIN_LOCKED: 'Login locked after failed attempts',
  PASSWORD_REHASHED: 'Password hash upgraded',
  PASSWORD_CHANGED: 'Password changed',
  REFRESH_TOKEN_REUSED: 'Session ended: a refresh token was reused',
  LOGOUT: 'Logged out',
  LOGOUT_EVERYWHERE: 'Logged out everywhere',
  MFA_ENROLMENT_STARTED: 'Authenticator setup started',
  MFA_ENABLED: 'Two-factor authentication on',
  MFA_DISABLED: 'Two-factor authentication off',
  MFA_VERIFIED: 'Authenticator code accepted',
  MFA_CODE_REFUSED: 'Authenticator code refused',
  RECOVERY_CODE_USED: 'Recovery code used',
  API_KEY_CREATED: 'API key created',
  API_KEY_UPDATED: 'API key changed',
  API_KEY_REVOKED: 'API key revoked',
};

/** An audit event in words; one this page does not know yet is shown as its name, never hidden. */
export function describeAuditEvent(event: string): string {
  return AUDIT_EVENT_TEXT[event] ?? event;
}

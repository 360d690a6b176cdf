import { describe, expect, it } from 'vitest';

import { describeAuditEvent } from './audit-events';

describe(describeAuditEvent.name, () => {
  it('puts the known security events in words', () => {
    expect(describeAuditEvent('LOGIN_SUCCEEDED')).toBe('Logged in');
    expect(describeAuditEvent('API_KEY_REVOKED')).toBe('API key revoked');
    expect(describeAuditEvent('REFRESH_TOKEN_REUSED')).toBe('Session ended: a refresh token was reused');
  });

  it('shows an event it does not know by its name', () => {
    expect(describeAuditEvent('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});

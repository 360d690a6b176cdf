import { describe, expect, it } from 'vitest';

import { type AuditEntry } from '../api/account-api';
import { mfaStateFromAudit } from './account-page';

const entry = (event: string): AuditEntry => ({ id: event, event, ip: null, details: {}, createdAt: '' });

describe(mfaStateFromAudit.name, () => {
  it('takes the newest MFA change', () => {
    expect(mfaStateFromAudit([entry('LOGIN_SUCCEEDED'), entry('MFA_ENABLED'), entry('SIGN_UP')], true)).toBe(
      true,
    );
    expect(mfaStateFromAudit([entry('MFA_DISABLED'), entry('MFA_ENABLED')], true)).toBe(false);
  });

  it('is off for a complete log without MFA changes, and unknown for a partial one', () => {
    expect(mfaStateFromAudit([entry('SIGN_UP')], true)).toBe(false);
    expect(mfaStateFromAudit([entry('LOGIN_SUCCEEDED')], false)).toBeUndefined();
  });
});

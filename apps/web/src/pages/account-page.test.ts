import { describe, expect, it } from 'vitest';

import { type AuditEntry } from '../api/account-api';
import { apiKeyFormProblem, mfaStateFromAudit } from './account-page';

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

describe(apiKeyFormProblem.name, () => {
  it('needs a label, and an allow-list for a key that can withdraw', () => {
    const form = { label: 'bot', permissions: ['READ', 'TRADE'] as const, ipAllowList: [] };
    expect(apiKeyFormProblem(form)).toBeUndefined();
    expect(apiKeyFormProblem({ ...form, label: '  ' })).toBe('Give the key a label.');
    expect(apiKeyFormProblem({ ...form, permissions: ['READ', 'WITHDRAW'] })).toMatch(
      /^A key that can withdraw must be limited to IP addresses/,
    );
    expect(
      apiKeyFormProblem({ ...form, permissions: ['READ', 'WITHDRAW'], ipAllowList: ['203.0.113.7'] }),
    ).toBeUndefined();
  });
});

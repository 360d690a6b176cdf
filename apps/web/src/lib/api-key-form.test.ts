import { describe, expect, it } from 'vitest';

import { apiKeyChanges, apiKeyFormProblem, parseIpAllowList, readApiKeyForm } from './api-key-form';

describe(apiKeyFormProblem.name, () => {
  it('needs a label, a permission, and an allow-list for a key that can withdraw', () => {
    const form = { label: 'bot', permissions: ['READ', 'TRADE'] as const, ipAllowList: [] };
    expect(apiKeyFormProblem(form)).toBeUndefined();
    expect(apiKeyFormProblem({ ...form, label: '  ' })).toBe('Give the key a label.');
    expect(apiKeyFormProblem({ ...form, permissions: [] })).toBe('Give the key at least one permission.');
    expect(apiKeyFormProblem({ ...form, permissions: ['READ', 'WITHDRAW'] })).toMatch(
      /^A key that can withdraw must be limited to IP addresses/,
    );
    expect(
      apiKeyFormProblem({ ...form, permissions: ['READ', 'WITHDRAW'], ipAllowList: ['203.0.113.7'] }),
    ).toBeUndefined();
  });
});

describe(parseIpAllowList.name, () => {
  it('splits on commas, spaces and new lines', () => {
    expect(parseIpAllowList(' 203.0.113.7, 198.51.100.0/24\n2001:db8::/32 ')).toEqual([
      '203.0.113.7',
      '198.51.100.0/24',
      '2001:db8::/32',
    ]);
    expect(parseIpAllowList('  ')).toEqual([]);
  });
});

describe(apiKeyChanges.name, () => {
  const key = {
    label: 'bot',
    permissions: ['READ', 'TRADE'] as ('READ' | 'TRADE' | 'WITHDRAW')[],
    ipAllowList: ['203.0.113.7/32'],
  };

  it('names only what differs, in any order of the lists', () => {
    expect(
      apiKeyChanges(key, { label: ' bot ', permissions: ['TRADE', 'READ'], ipAllowList: ['203.0.113.7/32'] }),
    ).toEqual({});
    expect(apiKeyChanges(key, { label: 'hedger', permissions: ['READ'], ipAllowList: [] })).toEqual({
      label: 'hedger',
      permissions: ['READ'],
      ipAllowList: [],
    });
    expect(
      apiKeyChanges(key, { label: 'bot', permissions: ['READ', 'TRADE'], ipAllowList: ['198.51.100.0/24'] }),
    ).toEqual({ ipAllowList: ['198.51.100.0/24'] });
  });
});

describe(readApiKeyForm.name, () => {
  it('gives the form as the API takes it, or the problem', () => {
    expect(
      readApiKeyForm({ label: ' bot ', permissions: ['READ'], ips: '203.0.113.7 198.51.100.0/24' }),
    ).toEqual({
      form: { label: 'bot', permissions: ['READ'], ipAllowList: ['203.0.113.7', '198.51.100.0/24'] },
    });
    expect(readApiKeyForm({ label: 'bot', permissions: ['WITHDRAW'], ips: ' ' }).problem).toMatch(
      /must be limited to IP addresses/,
    );
  });
});

import { type ApiKeyChanges, type ApiKeyPermission, type ApiKeyView } from '../api/account-api';

/** The allow-list as typed: addresses or CIDR blocks separated by commas, spaces or new lines. */
export function parseIpAllowList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * What keeps a key's form from being sent, in words: a label, and for a key that may withdraw an IP allow-list
 * (the gateway takes withdrawals only from keys restricted to addresses, as Binance does).
 */
export function apiKeyFormProblem(form: {
  label: string;
  permissions: readonly ApiKeyPermission[];
  ipAllowList: readonly string[];
}): string | undefined {
  if (form.label.trim() === '') return 'Give the key a label.';
  if (form.permissions.length === 0) return 'Give the key at least one permission.';
  if (form.permissions.includes('WITHDRAW') && form.ipAllowList.length === 0) {
    return 'A key that can withdraw must be limited to IP addresses: fill in the allow-list.';
  }
  return undefined;
}

/** A key's form as the API takes it: the label trimmed and the allow-list split. */
export interface ApiKeyForm {
  label: string;
  permissions: ApiKeyPermission[];
  ipAllowList: string[];
}

/** The form's fields read and checked: what to send, or what keeps it from being sent. */
export function readApiKeyForm(fields: {
  label: string;
  permissions: ApiKeyPermission[];
  ips: string;
}): { form: ApiKeyForm; problem?: undefined } | { form?: undefined; problem: string } {
  const form = {
    label: fields.label.trim(),
    permissions: fields.permissions,
    ipAllowList: parseIpAllowList(fields.ips),
  };
  const problem = apiKeyFormProblem(form);
  return problem === undefined ? { form } : { problem };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** What the edit form changes on the key: only the fields that differ from it (none: nothing to send). */
export function apiKeyChanges(
  key: Pick<ApiKeyView, 'label' | 'permissions' | 'ipAllowList'>,
  form: ApiKeyForm,
): ApiKeyChanges {
  const label = form.label.trim();
  return {
    ...(label !== key.label && { label }),
    ...(!sameSet(form.permissions, key.permissions) && { permissions: form.permissions }),
    ...(!sameSet(form.ipAllowList, key.ipAllowList) && { ipAllowList: form.ipAllowList }),
  };
}

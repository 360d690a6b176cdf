import { type ApiKeyPermission } from '../api/account-api';

const PERMISSIONS: ApiKeyPermission[] = ['READ', 'TRADE', 'WITHDRAW'];

/** What the key forms edit: the label, the permissions, and the IP allow-list as typed. */
export interface ApiKeyFieldValues {
  label: string;
  permissions: ApiKeyPermission[];
  ips: string;
}

/**
 * A key's label, permissions (read, trade, withdraw, in that order whatever order they were ticked in) and IP
 * allow-list, as the create and edit forms show them.
 */
export function ApiKeyFields({
  value,
  onChange,
}: {
  value: ApiKeyFieldValues;
  onChange(value: ApiKeyFieldValues): void;
}) {
  return (
    <>
      <label>
        Label
        <input value={value.label} onChange={(e) => onChange({ ...value, label: e.target.value })} />
      </label>
      <fieldset>
        <legend>Permissions</legend>
        {PERMISSIONS.map((p) => (
          <label key={p} className="check">
            <input
              type="checkbox"
              checked={value.permissions.includes(p)}
              onChange={(e) =>
                onChange({
                  ...value,
                  permissions: PERMISSIONS.filter((x) =>
                    x === p ? e.target.checked : value.permissions.includes(x),
                  ),
                })
              }
            />
            {p.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <label>
        IP allow-list (empty: any)
        <input
          value={value.ips}
          onChange={(e) => onChange({ ...value, ips: e.target.value })}
          placeholder="203.0.113.7, 198.51.100.0/24"
        />
      </label>
    </>
  );
}

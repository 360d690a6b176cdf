import { type FormEvent, useId, useState } from 'react';

import { type ApiKeyView, type AuditEntry } from '../api/account-api';
import { errorMessage } from '../api/http';
import { useApp } from '../app-context';
import { readApiKeyForm } from '../lib/api-key-form';
import { describeAuditEvent } from '../lib/audit-events';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { ApiKeyEditForm } from '../ui/api-key-edit-form';
import { ApiKeyFields, type ApiKeyFieldValues } from '../ui/api-key-fields';
import { AuthenticatorCodeField } from '../ui/authenticator-code-field';
import { FormMessage, type FormOutcome } from '../ui/form-message';
import { TableHeader } from '../ui/table-header';

/** Security settings: MFA, sessions, API keys and the audit log. */
export function AccountPage() {
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <div className="stack">
      <h1>Account</h1>
      <MfaPanel version={version} onChange={changed} />
      <SessionsPanel version={version} />
      <ApiKeysPanel onChange={changed} />
      <AuditLogPanel version={version} />
    </div>
  );
}

const AUDIT_WINDOW = 200;

/**
 * Whether MFA is on, from the newest MFA_ENABLED / MFA_DISABLED entry of the audit log (the API has no direct read);
 * undefined when neither is in the newest entries read.
 */
export function mfaStateFromAudit(entries: readonly AuditEntry[], complete: boolean): boolean | undefined {
  const latest = entries.find((e) => e.event === 'MFA_ENABLED' || e.event === 'MFA_DISABLED');
  if (latest) return latest.event === 'MFA_ENABLED';
  return complete ? false : undefined;
}

function MfaPanel({ version, onChange }: { version: number; onChange(): void }) {
  const { api } = useApp();
  const id = useId();
  const audit = useAsync(() => api.auditLog(AUDIT_WINDOW), [api, version]);
  const mfaOn = audit.data
    ? mfaStateFromAudit(audit.data.entries, audit.data.entries.length < AUDIT_WINDOW)
    : undefined;
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [message, setMessage] = useState<FormOutcome>();

  const act = async (action: () => Promise<void>) => {
    setMessage(undefined);
    try {
      await action();
      onChange();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    }
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const result = await api.confirmMfa(code.trim());
      setRecoveryCodes(result.recoveryCodes);
      setEnrolment(undefined);
      setCode('');
    });
  };

  const disable = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await api.disableMfa(code.trim());
      setCode('');
    });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Two-factor authentication</h2>
      </header>
      {recoveryCodes && (
        <div className="callout" role="region" aria-label="Recovery codes">
          <p>
            Save these recovery codes somewhere safe. Each works once if you lose your authenticator; they are
            not shown again.
          </p>
          <ul className="codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setRecoveryCodes(undefined)}>
            I have saved them
          </button>
        </div>
      )}
      {mfaOn !== undefined && !enrolment && (
        <p>
          Two-factor authentication is <strong>{mfaOn ? 'on' : 'off'}</strong>.
        </p>
      )}
      {enrolment ? (
        <form onSubmit={confirm} className="stack start">
          <p>Scan the code with your authenticator app, then enter the 6-digit code it shows.</p>
          <img
            src={enrolment.qrCodeDataUrl}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
          />
          <p>
            Or enter this key by hand: <code data-testid="mfa-secret">{enrolment.secret}</code>
          </p>
          <AuthenticatorCodeField className="field" value={code} onChange={setCode} />
          <button type="submit" className="primary">
            Turn on
          </button>
        </form>
      ) : (
        <div className="stack start">
          {mfaOn !== true && (
            <button
              type="button"
              className="primary"
              onClick={() => void act(async () => setEnrolment(await api.enrolMfa()))}
            >
              Set up authenticator app
            </button>
          )}
          {mfaOn !== false && (
            <form onSubmit={disable} className="row-form">
              <AuthenticatorCodeField label="Code to turn off" value={code} onChange={setCode} />
              <button type="submit">Turn off two-factor</button>
            </form>
          )}
        </div>
      )}
      <FormMessage message={message} errorRole="alert" />
    </section>
  );
}

function SessionsPanel({ version }: { version: number }) {
  const { api, session } = useApp();
  const id = useId();
  const [local, setLocal] = useState(0);
  const sessions = useAsync(() => api.sessions(), [api, version, local]);
  const [message, setMessage] = useState<FormOutcome>();

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      setLocal((v) => v + 1);
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Sessions</h2>
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              await api.logoutEverywhere();
              session.signOut();
            })
          }
        >
          Log out everywhere
        </button>
      </header>
      {sessions.error && <p role="alert">{sessions.error}</p>}
      <div className="table-scroll">
        <table aria-label="Sessions">
          <TableHeader columns={['Device', 'IP', 'Last used', { label: 'Actions', visuallyHidden: true }]} />
          <tbody>
            {(sessions.data?.sessions ?? []).map((s) => (
              <tr key={s.sessionId}>
                <td className="truncate">{s.device ?? 'Unknown device'}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{formatDateTime(s.lastUsedAt)}</td>
                <td>
                  {s.current ? (
                    <span className="badge">This device</span>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Log out session ${s.sessionId}`}
                      onClick={() => void run(() => api.revokeSession(s.sessionId))}
                    >
                      Log out
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormMessage message={message} errorRole="alert" />
    </section>
  );
}

function ApiKeysPanel({ onChange }: { onChange(): void }) {
  const { api } = useApp();
  const id = useId();
  const [version, setVersion] = useState(0);
  const keys = useAsync(() => api.apiKeys(), [api, version]);
  const [fields, setFields] = useState<ApiKeyFieldValues>({ label: '', permissions: ['READ'], ips: '' });
  const [mfaCode, setMfaCode] = useState('');
  const [created, setCreated] = useState<ApiKeyView & { secret?: string }>();
  const [editing, setEditing] = useState<ApiKeyView>();
  const [message, setMessage] = useState<FormOutcome>();

  async function run(action: () => Promise<void>) {
    setMessage(undefined);
    try {
      await action();
      setVersion((v) => v + 1);
      onChange();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) });
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    const { form, problem } = readApiKeyForm(fields);
    if (!form) return setMessage({ tone: 'error', text: problem });
    void run(async () => {
      setCreated(await api.createApiKey({ ...form, mfaCode: mfaCode.trim(), kind: 'HMAC' }));
      setFields((f) => ({ ...f, label: '' }));
      setMfaCode('');
    });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>API keys</h2>
      </header>
      {created?.secret && (
        <div className="callout" role="region" aria-label="New API key">
          <p>Copy the secret now: it is shown only once.</p>
          <p>
            API key: <code>{created.apiKey}</code>
          </p>
          <p>
            Secret: <code>{created.secret}</code>
          </p>
          <button type="button" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      )}
      <form onSubmit={create} className="row-form">
        <ApiKeyFields value={fields} onChange={setFields} />
        <AuthenticatorCodeField value={mfaCode} onChange={setMfaCode} />
        <button type="submit" className="primary">
          Create key
        </button>
      </form>
      <FormMessage message={message} errorRole="alert" />
      {editing && (
        <ApiKeyEditForm
          key={editing.id}
          apiKey={editing}
          save={(changes) => api.updateApiKey(editing.id, changes)}
          onDone={() => {
            setEditing(undefined);
            setVersion((v) => v + 1);
            onChange();
          }}
        />
      )}
      {keys.error && <p role="alert">{keys.error}</p>}
      <div className="table-scroll">
        <table aria-label="API keys">
          <TableHeader
            columns={[
              'Label',
              'Key',
              'Permissions',
              'IPs',
              'Status',
              { label: 'Actions', visuallyHidden: true },
            ]}
          />
          <tbody>
            {(keys.data?.keys ?? []).map((k) => (
              <tr key={k.id}>
                <td>{k.label}</td>
                <td className="truncate">
                  <code>{k.apiKey}</code>
                </td>
                <td>{k.permissions.join(', ')}</td>
                <td>{k.ipAllowList.length ? k.ipAllowList.join(', ') : 'any'}</td>
                <td>{k.revokedAt ? `revoked ${formatDateTime(k.revokedAt)}` : 'active'}</td>
                <td>
                  {!k.revokedAt && (
                    <>
                      <button type="button" aria-label={`Edit key ${k.label}`} onClick={() => setEditing(k)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Revoke key ${k.label}`}
                        onClick={() => void run(async () => void (await api.revokeApiKey(k.id)))}
                      >
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {keys.data?.keys.length === 0 && <p className="muted">No API keys yet.</p>}
    </section>
  );
}

function AuditLogPanel({ version }: { version: number }) {
  const { api } = useApp();
  const id = useId();
  const log = useAsync(() => api.auditLog(50), [api, version]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Audit log</h2>
      </header>
      {log.error && <p role="alert">{log.error}</p>}
      <div className="table-scroll">
        <table aria-label="Audit log">
          <TableHeader columns={['Time', 'Event', 'IP']} />
          <tbody>
            {(log.data?.entries ?? []).map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.createdAt)}</td>
                <td title={e.event}>{describeAuditEvent(e.event)}</td>
                <td>{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

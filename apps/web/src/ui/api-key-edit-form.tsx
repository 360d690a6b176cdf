import { type FormEvent, useId, useState } from 'react';

import { type ApiKeyChanges, type ApiKeyView } from '../api/account-api';
import { errorMessage } from '../api/http';
import { apiKeyChanges, readApiKeyForm } from '../lib/api-key-form';
import { ApiKeyFields } from './api-key-fields';
import { AuthenticatorCodeField } from './authenticator-code-field';
import { FormMessage, type FormOutcome } from './form-message';

/**
 * Changes a key's label, permissions and IP allow-list with a fresh authenticator code: only what differs from the
 * key is sent (`PATCH /api/v1/api-keys/:id`); the key and its secret stay.
 */
export function ApiKeyEditForm({
  apiKey,
  save,
  onDone,
}: {
  apiKey: ApiKeyView;
  save(changes: ApiKeyChanges & { mfaCode: string }): Promise<unknown>;
  onDone(): void;
}) {
  const id = useId();
  const [fields, setFields] = useState({
    label: apiKey.label,
    permissions: apiKey.permissions,
    ips: apiKey.ipAllowList.join(', '),
  });
  const [mfaCode, setMfaCode] = useState('');
  const [message, setMessage] = useState<FormOutcome>();
  const [busy, setBusy] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { form, problem } = readApiKeyForm(fields);
    if (!form) return setMessage({ tone: 'error', text: problem });
    const changes = apiKeyChanges(apiKey, form);
    if (Object.keys(changes).length === 0) return setMessage({ tone: 'error', text: 'Nothing to change.' });
    setMessage(undefined);
    setBusy(true);
    save({ ...changes, mfaCode: mfaCode.trim() }).then(onDone, (error: unknown) => {
      setBusy(false);
      setMessage({ tone: 'error', text: errorMessage(error) });
    });
  }

  return (
    <form onSubmit={submit} className="row-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Edit key {apiKey.label}</h3>
      <ApiKeyFields value={fields} onChange={setFields} />
      <AuthenticatorCodeField value={mfaCode} onChange={setMfaCode} />
      <button type="submit" className="primary" disabled={busy}>
        Save changes
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <FormMessage message={message} errorRole="alert" />
    </form>
  );
}

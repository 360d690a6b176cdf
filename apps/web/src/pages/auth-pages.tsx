import { type FormEvent, useId, useState } from 'react';

import { ApiError, errorMessage } from '../api/http';
import { useApp } from '../app-context';
import { navigate } from '../router';
import { AuthForm, EmailField, PasswordField } from '../ui/auth-form';

const MFA_REQUIRED = 1301;

/** Email and password, then, when the account has MFA on, the authenticator code or a recovery code. */
export function LoginPage() {
  const { api, session } = useApp();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function login(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const second = needsCode
        ? useRecovery
          ? { recoveryCode: code.trim() }
          : { mfaCode: code.trim() }
        : {};
      session.signIn(await api.login({ email: email.trim(), password, ...second }));
      navigate('account');
    } catch (e) {
      if (e instanceof ApiError && e.code === MFA_REQUIRED && !needsCode) setNeedsCode(true);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthForm
      title="Log in"
      submitLabel="Log in"
      onSubmit={login}
      busy={busy}
      error={error}
      footer={
        <>
          No account? <a href="#/signup">Sign up</a>
        </>
      }
    >
      <EmailField id={`${id}-email`} value={email} onChange={setEmail} />
      <PasswordField
        id={`${id}-password`}
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      {needsCode && (
        <div className="field">
          <label htmlFor={`${id}-code`}>{useRecovery ? 'Recovery code' : 'Authenticator code'}</label>
          <input
            id={`${id}-code`}
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="button" className="link" onClick={() => (setUseRecovery(!useRecovery), setCode(''))}>
            {useRecovery ? 'Use the authenticator code instead' : 'Use a recovery code instead'}
          </button>
        </div>
      )}
    </AuthForm>
  );
}

export function SignUpPage() {
  const { api, session } = useApp();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signUp(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (password.length < 12) return setError('Use at least 12 characters for the password.');
    setBusy(true);
    try {
      await api.signUp(email.trim(), password);
      session.signIn(await api.login({ email: email.trim(), password }));
      navigate('wallet');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthForm
      title="Create an account"
      submitLabel="Sign up"
      onSubmit={signUp}
      busy={busy}
      error={error}
      footer={
        <>
          Have an account? <a href="#/login">Log in</a>
        </>
      }
    >
      <EmailField id={`${id}-email`} value={email} onChange={setEmail} />
      <PasswordField
        id={`${id}-password`}
        autoComplete="new-password"
        minLength={12}
        hint="At least 12 characters."
        value={password}
        onChange={setPassword}
      />
    </AuthForm>
  );
}

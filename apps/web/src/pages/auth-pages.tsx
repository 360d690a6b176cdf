import { type FormEvent, useId, useState } from 'react';

import { ApiError, errorMessage } from '../api/http';
import { useApp } from '../app-context';
import { navigate } from '../router';

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
    <section className="panel narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Log in</h1>
      <form onSubmit={(e) => void login(e)} className="stack">
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
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
            <button
              type="button"
              className="link"
              onClick={() => (setUseRecovery(!useRecovery), setCode(''))}
            >
              {useRecovery ? 'Use the authenticator code instead' : 'Use a recovery code instead'}
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Log in
        </button>
        <p className="muted">
          No account? <a href="#/signup">Sign up</a>
        </p>
      </form>
    </section>
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
    <section className="panel narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Create an account</h1>
      <form onSubmit={(e) => void signUp(e)} className="stack">
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            aria-describedby={`${id}-password-hint`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id={`${id}-password-hint`} className="muted">
            At least 12 characters.
          </p>
        </div>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign up
        </button>
        <p className="muted">
          Have an account? <a href="#/login">Log in</a>
        </p>
      </form>
    </section>
  );
}

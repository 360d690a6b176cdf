import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId } from 'react';

interface AuthFormProps {
  title: string;
  submitLabel: string;
  onSubmit(event: FormEvent): Promise<void>;
  /** While a request runs: the submit button is disabled so it is not sent twice. */
  busy: boolean;
  error: string | undefined;
  /** Under the submit button: the way to the other page (log in or sign up). */
  footer: ReactNode;
  /** The fields. */
  children: ReactNode;
}

/** The narrow panel of the log-in and sign-up pages: a titled form, its error, the submit button and a footer. */
export function AuthForm({ title, submitLabel, onSubmit, busy, error, footer, children }: AuthFormProps) {
  const id = useId();
  return (
    <section className="panel narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <form onSubmit={(e) => void onSubmit(e)} className="stack">
        {children}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <p className="muted">{footer}</p>
      </form>
    </section>
  );
}

interface CredentialFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
}

interface RequiredFieldProps
  extends
    CredentialFieldProps,
    Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete' | 'minLength'> {
  label: string;
  /** A rule the value must meet, shown under the field and read with it (`aria-describedby`). */
  hint?: string;
}

function RequiredField({ id, value, onChange, label, hint, ...input }: RequiredFieldProps) {
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...input}
        required
        aria-describedby={hint ? hintId : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={hintId} className="muted">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The account's email, which password managers save as the username. */
export function EmailField(props: CredentialFieldProps) {
  return <RequiredField {...props} label="Email" type="email" autoComplete="username" />;
}

interface PasswordFieldProps extends CredentialFieldProps {
  /** `new-password` when signing up, so that password managers offer to generate and save one. */
  autoComplete: 'current-password' | 'new-password';
  minLength?: number;
  hint?: string;
}

export function PasswordField(props: PasswordFieldProps) {
  return <RequiredField {...props} label="Password" type="password" />;
}

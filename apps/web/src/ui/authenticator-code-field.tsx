interface AuthenticatorCodeFieldProps {
  /** What the field is for; "Authenticator code" unless the form says more. */
  label?: string;
  className?: string;
  value: string;
  onChange(value: string): void;
}

/** The 6-digit code of the user's authenticator app: a numeric keypad on phones, and one-time-code autofill. */
export function AuthenticatorCodeField({
  label = 'Authenticator code',
  className,
  value,
  onChange,
}: AuthenticatorCodeFieldProps) {
  return (
    <label className={className}>
      {label}
      <input
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

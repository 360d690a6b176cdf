/** What a form or an action came to, in words. */
export interface FormOutcome {
  tone: 'ok' | 'error';
  text: string;
}

/**
 * The outcome under a form, green or red. Screen readers hear it as a polite `status`, or an error as an `alert`
 * (read at once) where `errorRole` says so.
 */
export function FormMessage({
  message,
  errorRole = 'status',
}: {
  message: FormOutcome | undefined;
  errorRole?: 'status' | 'alert';
}) {
  if (!message) return null;
  return (
    <p
      role={message.tone === 'error' ? errorRole : 'status'}
      className={message.tone === 'ok' ? 'ok' : 'field-error'}
    >
      {message.text}
    </p>
  );
}

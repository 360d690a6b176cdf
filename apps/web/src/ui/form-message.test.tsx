import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { FormMessage } from './form-message';

describe(FormMessage.name, () => {
  it('is a status, and an error an alert only where asked', () => {
    const error = { tone: 'error', text: 'No.' } as const;
    const { rerender } = render(<FormMessage message={error} />);
    expect(screen.getByRole('status').className).toBe('field-error');
    rerender(<FormMessage message={error} errorRole="alert" />);
    expect(screen.getByRole('alert').textContent).toBe('No.');
    rerender(<FormMessage message={{ tone: 'ok', text: 'Done.' }} errorRole="alert" />);
    expect(screen.getByRole('status').className).toBe('ok');
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { AuthenticatorCodeField } from './authenticator-code-field';

describe(AuthenticatorCodeField.name, () => {
  it('asks for six digits with the one-time-code autofill', () => {
    render(<AuthenticatorCodeField label="Code to turn off" value="12" onChange={() => undefined} />);
    const input = screen.getByRole('textbox', { name: 'Code to turn off' });
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input.getAttribute('maxlength')).toBe('6');
  });
});

import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { type ApiKeyView } from '../api/account-api';
import { ApiError } from '../api/http';
import { ApiKeyEditForm } from './api-key-edit-form';

const key: ApiKeyView = {
  id: 'k1',
  apiKey: 'abc',
  kind: 'HMAC',
  label: 'bot',
  permissions: ['READ', 'TRADE'],
  ipAllowList: [],
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-11-29T00:00:00.000Z',
};

describe(ApiKeyEditForm.name, () => {
  it('sends only what changed, with the code, and is done when saved', async () => {
    const user = userEvent.setup();
    const save = vi.fn(() => Promise.resolve(key));
    const onDone = vi.fn();
    render(<ApiKeyEditForm apiKey={key} save={save} onDone={onDone} />);
    expect(screen.getByRole('form', { name: 'Edit key bot' })).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'withdraw' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    // A key that can withdraw needs an allow-list: nothing is sent.
    expect(screen.getByRole('alert').textContent).toMatch(/^A key that can withdraw must be limited/);
    expect(save).not.toHaveBeenCalled();

    await user.type(screen.getByRole('textbox', { name: /IP allow-list/ }), '203.0.113.7, 198.51.100.0/24');
    await user.type(screen.getByRole('textbox', { name: 'Authenticator code' }), '123456');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(save).toHaveBeenCalledWith({
      permissions: ['READ', 'TRADE', 'WITHDRAW'],
      ipAllowList: ['203.0.113.7', '198.51.100.0/24'],
      mfaCode: '123456',
    });
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it("shows the API's refusal and stays open; nothing to change is said, not sent", async () => {
    const user = userEvent.setup();
    const save = vi.fn(() => Promise.reject(new ApiError(401, 1302, 'wrong MFA code')));
    const onDone = vi.fn();
    render(<ApiKeyEditForm apiKey={key} save={save} onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByRole('alert').textContent).toBe('Nothing to change.');
    expect(save).not.toHaveBeenCalled();

    await user.clear(screen.getByRole('textbox', { name: 'Label' }));
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'hedger');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(save).toHaveBeenCalledWith({ label: 'hedger', mfaCode: '' });
    expect((await screen.findByRole('alert')).textContent).toBe('The code is wrong or expired.');
    expect(onDone).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onDone).toHaveBeenCalled();
  });
});

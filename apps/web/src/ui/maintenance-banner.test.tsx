import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { type SystemStatus } from '../api/market-api';
import { MaintenanceBanner } from './maintenance-banner';

const answer = (status: 0 | 1): SystemStatus => ({
  status,
  msg: status === 0 ? 'normal' : 'system_maintenance',
});

afterEach(() => vi.useRealTimers());

describe(MaintenanceBanner.name, () => {
  it('shows while the exchange reports maintenance, and goes when it is normal again', async () => {
    vi.useFakeTimers();
    const statuses = [answer(0), answer(1), answer(1), answer(0)];
    const readStatus = vi.fn(() => Promise.resolve(statuses.shift() ?? answer(0)));
    render(<MaintenanceBanner readStatus={readStatus} intervalMs={1_000} />);
    await act(() => Promise.resolve());
    expect(screen.queryByRole('alert')).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(screen.getByRole('alert').textContent).toMatch(/^The exchange is under maintenance/);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(screen.getByRole('alert')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(readStatus).toHaveBeenCalledTimes(4);
  });

  it('stays hidden when the status cannot be read, and stops asking once gone', async () => {
    vi.useFakeTimers();
    const readStatus = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    const { unmount } = render(<MaintenanceBanner readStatus={readStatus} intervalMs={1_000} />);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.queryByRole('alert')).toBeNull();
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(readStatus).toHaveBeenCalledTimes(3);
  });
});

import { useEffect, useState } from 'react';

import { fetchSystemStatus, type SystemStatus } from '../api/market-api';

/** How often the page asks whether the exchange is up (the gateway answers from a one-second cache). */
export const SYSTEM_STATUS_POLL_MS = 30_000;

/**
 * A banner while the exchange reports maintenance (`/sapi/v1/system/status` 1: a service behind the API is not
 * ready, so orders may be refused), asked at once and every `intervalMs`. Nothing while it is normal, or while the
 * status cannot be read: the connection indicator already says when the exchange cannot be reached.
 */
export function MaintenanceBanner({
  readStatus = fetchSystemStatus,
  intervalMs = SYSTEM_STATUS_POLL_MS,
}: {
  readStatus?: () => Promise<SystemStatus>;
  intervalMs?: number;
}) {
  const [maintenance, setMaintenance] = useState(false);
  useEffect(() => {
    let live = true;
    const read = () =>
      readStatus().then(
        (answer) => live && setMaintenance(answer.status === 1),
        () => undefined,
      );
    void read();
    const timer = setInterval(() => void read(), intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [readStatus, intervalMs]);
  if (!maintenance) return null;
  return (
    <div role="alert" className="maintenance-banner">
      The exchange is under maintenance: orders and withdrawals may be refused until it ends. Market data may
      lag.
    </div>
  );
}

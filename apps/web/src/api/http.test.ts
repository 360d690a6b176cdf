import { describe, expect, it } from 'vitest';

import { ApiError, errorMessage } from './http';

describe('errorMessage', () => {
  it("gives a trader's words for the API's codes", () => {
    expect(errorMessage(new ApiError(400, -1013, 'Filter failure: LOT_SIZE'))).toBe(
      'The order does not meet the market filters.',
    );
    expect(errorMessage(new ApiError(401, 1302, 'invalid code'))).toBe('The code is wrong or expired.');
    expect(errorMessage(new ApiError(429, -1003, 'Too much request weight used'))).toBe(
      'Too many requests. Wait a moment and try again.',
    );
    expect(errorMessage(new ApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.'))).toBe(
      'Your session has ended. Log in again.',
    );
  });

  it("keeps the engine's reason for a rejected order, which says more than the code", () => {
    expect(errorMessage(new ApiError(400, -2010, 'Order would immediately match and take.'))).toBe(
      'Order would immediately match and take.',
    );
    expect(errorMessage(new ApiError(400, -2010, ''))).toBe('The order was rejected.');
  });

  it("shows the API's own text for a code it has no words for, and says when the exchange is unreachable", () => {
    expect(errorMessage(new ApiError(400, -1102, "Mandatory parameter 'symbol' was not sent."))).toBe(
      "Mandatory parameter 'symbol' was not sent.",
    );
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'The exchange cannot be reached. Check your connection.',
    );
  });
});

import { parseDecimal } from '@exchange/shared-domain-money';
import { createMarket } from '@exchange/wallet-domain';

import { type MarketRecord } from '../../src/reference/reference-data.repository';

const BTC = { code: 'BTC', decimals: 8, enabled: true };
const USDT = { code: 'USDT', decimals: 6, enabled: true };
const market = createMarket({
  symbol: 'BTC-USDT',
  base: BTC,
  quote: USDT,
  tickSize: '0.01',
  stepSize: '0.0001',
  makerFeePpm: 800,
  takerFeePpm: 1000,
});
if (!market.ok) throw new Error(market.message);

/** BTC-USDT as the wallet's reference data holds it: 8 and 6 decimals, tick 0.01, step 0.0001, fees 0.08 / 0.1 %. */
export const BTC_USDT: MarketRecord = {
  symbol: 'BTC-USDT',
  base: BTC,
  quote: USDT,
  status: 'TRADING',
  market: market.value,
  minQtyUnits: 10_000n,
  minNotionalUnits: (parseDecimal('5', 6) as { value: bigint }).value,
};

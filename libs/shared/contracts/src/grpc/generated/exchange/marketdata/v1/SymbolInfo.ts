// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { SymbolStatus as _exchange_marketdata_v1_SymbolStatus, SymbolStatus__Output as _exchange_marketdata_v1_SymbolStatus__Output } from '../../../exchange/marketdata/v1/SymbolStatus';
import type { OrderType as _exchange_common_v1_OrderType, OrderType__Output as _exchange_common_v1_OrderType__Output } from '../../../exchange/common/v1/OrderType';

export interface SymbolInfo {
  'symbol'?: (string);
  'status'?: (_exchange_marketdata_v1_SymbolStatus);
  'baseAsset'?: (string);
  'baseAssetPrecision'?: (number);
  'quoteAsset'?: (string);
  'quoteAssetPrecision'?: (number);
  'orderTypes'?: (_exchange_common_v1_OrderType)[];
  'tickSize'?: (string);
  'minPrice'?: (string);
  'maxPrice'?: (string);
  'stepSize'?: (string);
  'minQty'?: (string);
  'maxQty'?: (string);
  'minNotional'?: (string);
}

export interface SymbolInfo__Output {
  'symbol': (string);
  'status': (_exchange_marketdata_v1_SymbolStatus__Output);
  'baseAsset': (string);
  'baseAssetPrecision': (number);
  'quoteAsset': (string);
  'quoteAssetPrecision': (number);
  'orderTypes': (_exchange_common_v1_OrderType__Output)[];
  'tickSize': (string);
  'minPrice': (string);
  'maxPrice': (string);
  'stepSize': (string);
  'minQty': (string);
  'maxQty': (string);
  'minNotional': (string);
}

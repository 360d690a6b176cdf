import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from './exchange/common/v1/Fill';
import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from './exchange/common/v1/Order';
import type { PriceLevel as _exchange_common_v1_PriceLevel, PriceLevel__Output as _exchange_common_v1_PriceLevel__Output } from './exchange/common/v1/PriceLevel';
import type { Trade as _exchange_common_v1_Trade, Trade__Output as _exchange_common_v1_Trade__Output } from './exchange/common/v1/Trade';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  exchange: {
    common: {
      v1: {
        Fill: MessageTypeDefinition<_exchange_common_v1_Fill, _exchange_common_v1_Fill__Output>
        Order: MessageTypeDefinition<_exchange_common_v1_Order, _exchange_common_v1_Order__Output>
        OrderStatus: EnumTypeDefinition
        OrderType: EnumTypeDefinition
        PriceLevel: MessageTypeDefinition<_exchange_common_v1_PriceLevel, _exchange_common_v1_PriceLevel__Output>
        SelfTradePreventionMode: EnumTypeDefinition
        Side: EnumTypeDefinition
        TimeInForce: EnumTypeDefinition
        Trade: MessageTypeDefinition<_exchange_common_v1_Trade, _exchange_common_v1_Trade__Output>
      }
    }
  }
}


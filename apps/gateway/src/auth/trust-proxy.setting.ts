import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { InjectConfig } from '@exchange/shared-util-config';

import { type GatewayConfig } from '../config/gateway.config';

/**
 * Express's `trust proxy` from `TRUST_PROXY`: behind a load balancer the client's address (API-key allow-lists,
 * per-IP weight) is the one the trusted proxies put in `X-Forwarded-For`, not the proxy's own. Left empty, no
 * proxy is trusted and the socket's peer is the client.
 */
@Injectable()
export class TrustProxySetting implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const value = this.config.TRUST_PROXY.trim();
    if (value === '') return;
    const app = this.adapterHost.httpAdapter.getInstance<{ set(name: string, value: unknown): void }>();
    app.set('trust proxy', /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim()));
  }
}

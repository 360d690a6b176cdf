import { type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

import { NatsNames } from '@exchange/shared-data-access-nats';

const WALLET_SUBJECT = Symbol('WALLET_SUBJECT');

/**
 * Marks a request/reply handler for a `WALLET_SUBJECTS` subject. `bindWalletSubjects` turns it into a
 * `@MessagePattern` on the subject with the run prefix (`NATS_STREAM_PREFIX`, like stream subjects), so
 * test runs sharing a NATS server never answer each other's requests. The empty production prefix gives
 * the plain subject.
 */
export function WalletSubject(subject: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(WALLET_SUBJECT, subject, descriptor.value as object);
  };
}

export function bindWalletSubjects(controllers: Type[], prefix: string): void {
  const names = new NatsNames(prefix);
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const subject: string | undefined =
        typeof descriptor?.value === 'function'
          ? Reflect.getMetadata(WALLET_SUBJECT, descriptor.value)
          : undefined;
      if (subject) MessagePattern(names.subject(subject))(proto, key, descriptor!);
    }
  }
}

import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';

/** Injection token of the service's parsed, frozen configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/** Makes the configuration parsed at boot (see `loadConfig`) injectable everywhere in the app. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Readonly<object>): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

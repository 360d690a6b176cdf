import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { ConfigModule, InjectConfig } from './config.module';

@Injectable()
class NeedsConfig {
  constructor(@InjectConfig() readonly config: { HTTP_PORT: number }) {}
}

describe(ConfigModule.name, () => {
  it('provides the parsed configuration to any provider', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(Object.freeze({ HTTP_PORT: 8080 }))],
      providers: [NeedsConfig],
    }).compile();
    const sut = moduleRef.get(NeedsConfig);
    expect(sut.config.HTTP_PORT).toBe(8080);
    await moduleRef.close();
  });
});

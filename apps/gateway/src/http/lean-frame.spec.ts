import {
  type CanActivate,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';

import { routeShape } from './lean-frame';

class FirstGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}
class SecondGuard extends FirstGuard {}
class NoPipe {
  transform(value: unknown): unknown {
    return value;
  }
}

@Controller('/api/v3/')
@UseGuards(FirstGuard)
class SampleController {
  @Get('depth')
  depth(@Query() query: unknown) {
    return query;
  }

  @Post('/order/')
  @HttpCode(200)
  @UseGuards(SecondGuard)
  order() {
    return {};
  }

  @Get('piped')
  @UsePipes(NoPipe)
  piped(@Query('symbol') symbol: string) {
    return symbol;
  }
}

describe('routeShape', () => {
  it('reads the path, verb, guards (controller first), arguments and status code Nest routes a method with', () => {
    const depth = routeShape(SampleController, 'depth');
    expect(depth).toMatchObject({ verb: RequestMethod.GET, path: '/api/v3/depth', guards: [FirstGuard] });
    expect(depth.extras).toBe(false);
    expect(Object.values(depth.args)).toEqual([expect.objectContaining({ data: undefined })]);
    expect(depth.httpCode).toBeUndefined();

    const order = routeShape(SampleController, 'order');
    expect(order).toMatchObject({
      verb: RequestMethod.POST,
      path: '/api/v3/order',
      guards: [FirstGuard, SecondGuard],
      extras: false,
      args: {},
      httpCode: 200,
    });
  });

  it('sees pipes and a parameter with data, which a lean route does not reproduce', () => {
    const piped = routeShape(SampleController, 'piped');
    expect(piped.extras).toBe(true);
    expect(Object.values(piped.args)).toEqual([expect.objectContaining({ data: 'symbol' })]);
  });
});

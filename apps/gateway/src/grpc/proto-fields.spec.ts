import { binanceName } from './proto-fields';

describe(binanceName.name, () => {
  it('reads the stop types back from the proto enum', () => {
    expect(binanceName('ORDER_TYPE', 'ORDER_TYPE_TAKE_PROFIT_LIMIT')).toBe('TAKE_PROFIT_LIMIT');
  });

  it('passes a number the enum does not name on as its digits, for the parameter checks to refuse', () => {
    // The reliability fuzzing sent side = 999: the loader gives the number, which was an INTERNAL before.
    expect(binanceName('SIDE', 999)).toBe('999');
    expect(binanceName('SIDE', 'SIDE_UNSPECIFIED')).toBeUndefined();
    expect(binanceName('SIDE', undefined)).toBeUndefined();
  });
});

// A request's proto fields as the Binance parameters the REST handlers behind every gRPC call read.

/** A proto `uint64`/`int64`/`uint32` left at zero means "not given". */
export const given = (value: string | number | undefined): string | undefined =>
  value === undefined || value === '' || value === '0' || value === 0 ? undefined : String(value);

/** Binance's `NAME` for a proto enum value `PREFIX_NAME`; undefined for the unspecified value. */
export function binanceName(prefix: string, value: string | number | undefined): string | undefined {
  if (value === undefined || value === `${prefix}_UNSPECIFIED`) return undefined;
  // A number the proto's enum does not name arrives as that number (the loader's `enums: String` names only known
  // values): passed on as its digits, which the Binance parameter checks refuse like any unknown value.
  if (typeof value !== 'string') return String(value);
  return value.startsWith(`${prefix}_`) ? value.slice(prefix.length + 1) : value;
}

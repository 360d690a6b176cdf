/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a query parameter cast to an array type (`$1::varchar[]`),
 * built in one join: node-postgres builds it element by element (a type check, two regular expressions and a
 * string concatenation each), which costs more than the rest of a settlement's work for its hundred-thousand-row
 * statements. Every element is quoted (a `"` or `\` in it is escaped), so any text round-trips; null is NULL;
 * numbers, bigints and booleans are written as PostgreSQL reads them.
 */
export function pgArray(values: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  const texts = new Array<string>(values.length);
  let plain = true;
  let nulls = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nulls = true;
      texts[i] = '';
    } else {
      const text = typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
      if (plain && (text.includes('"') || text.includes('\\'))) plain = false;
      texts[i] = text;
    }
  }
  if (plain && !nulls) return texts.length === 0 ? '{}' : `{"${texts.join('","')}"}`;
  return `{${texts
    .map((text, i) =>
      values[i] === null || values[i] === undefined
        ? 'NULL'
        : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    )
    .join(',')}}`;
}

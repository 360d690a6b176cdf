/**
 * A column of a data table: its heading alone, or with `numeric` (right-aligned like its cells, which carry `num`
 * too) and `visuallyHidden` (a heading only screen readers read, as over a column of row buttons).
 */
export type Column = string | { label: string; numeric?: boolean; visuallyHidden?: boolean };

/** The `thead` of a data table: one `th scope="col"` a column. */
export function TableHeader({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, numeric, visuallyHidden } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={label} scope="col" className={numeric ? 'num' : undefined}>
              {visuallyHidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

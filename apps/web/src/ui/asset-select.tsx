interface AssetSelectProps {
  label: string;
  assets: readonly string[];
  value: string;
  onChange(asset: string): void;
}

/** A labelled choice of one of the assets, each named by its symbol. */
export function AssetSelect({ label, assets, value, onChange }: AssetSelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {assets.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * Byte counts for human output, in binary units (KiB, MiB, …).
 */
/** Bytes in binary units with one decimal ("1.5 MiB"); under 1 KiB as "512 B". */
export function formatBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

// How the dashboard writes numbers and times: sizes in binary units, times of day
// in the browser's locale, durations in the unit that keeps them short.

export function bytes(n) {
  if (n === undefined || n === null) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function time(ms) {
  return ms ? new Date(ms).toLocaleTimeString() : "-";
}

export function duration(ms) {
  if (ms === undefined || ms === null) return "-";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `k=v,…` of a resource map, or `-`. */
export function resources(map) {
  const entries = Object.entries(map ?? {});
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/** Where a record runs: `node pid N`, or `-`. */
export function place(row) {
  if (row.nodeId === undefined) return "-";
  return row.pid === undefined ? row.nodeId : `${row.nodeId} pid ${row.pid}`;
}

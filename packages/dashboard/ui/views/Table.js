// A table of records: columns as [header, cell(row)] pairs, one row per record,
// an optional click on a row and a key that keeps rows stable across updates.
import { html } from "../html.js";

export function Table({ columns, rows, rowKey, onRow, selected, empty = "none yet" }) {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${columns.map(([header]) => html`<th>${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr
            key=${rowKey(row)}
            data-key=${rowKey(row)}
            class=${[onRow ? "clickable" : "", selected !== undefined && selected === rowKey(row) ? "selected" : ""].join(" ")}
            onClick=${onRow ? () => onRow(row) : undefined}
          >
            ${columns.map(([, cell]) => html`<td>${cell(row)}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

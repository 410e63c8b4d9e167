// The list of past interviews (a file, not an inline script: the page's CSP allows only
// scripts from /static). Re-drawn when the interface language changes.
import { formatDate, label, onLangChange } from "/static/i18n.js";

const rows = await (await fetch("/interviews?format=json")).json();
const table = document.getElementById("list");
const header = table.querySelector("tr");

function render() {
  const lines = rows.map((r) => {
    const tr = document.createElement("tr");
    const cells = [formatDate(r.created_at), label("round", r.round), r.level,
      r.overall_0_10 == null ? "—" : r.overall_0_10.toFixed(1), label("status", r.status)];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      if (i === 0) {
        const a = document.createElement("a"); a.href = r.report_url; a.textContent = text; td.append(a);
        if (r.candidate) td.append(` — ${r.candidate}`); // a coach's list: whose interview it is
      }
      else td.textContent = text;
      tr.append(td);
    });
    return tr;
  });
  table.replaceChildren(header, ...lines);
}

render();
document.getElementById("empty").hidden = rows.length > 0;
onLangChange(render);

// The list of past interviews (a file, not an inline script: the page's CSP allows only
// scripts from /static).
const rows = await (await fetch("/interviews?format=json")).json();
const table = document.getElementById("list");
for (const r of rows) {
  const tr = document.createElement("tr");
  const cells = [new Date(r.created_at).toLocaleString(), r.round.replace(/_/g, " "), r.level,
    r.overall_0_10 == null ? "—" : r.overall_0_10.toFixed(1), r.status];
  cells.forEach((text, i) => {
    const td = document.createElement("td");
    if (i === 0) {
      const a = document.createElement("a"); a.href = r.report_url; a.textContent = text; td.append(a);
      if (r.candidate) td.append(` — ${r.candidate}`); // a coach's list: whose interview it is
    }
    else td.textContent = text;
    tr.append(td);
  });
  table.append(tr);
}

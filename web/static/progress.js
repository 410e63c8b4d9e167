// The progress page: /api/progress drawn with uPlot (vendored from npm, /static/vendor/uplot),
// with every plotted number also in a table (screen readers and keyboard users read those;
// the charts are role="img" described by the table's caption).
import uPlot from "/static/vendor/uplot/uPlot.esm.js";
import { t, label, onLangChange } from "/static/i18n.js";

const COLOURS = ["#2f5bea", "#1a8f4c", "#c2410c", "#7c3aed", "#0e7490", "#b91c1c", "#946200", "#475569"];
const data = await (await fetch("/api/progress")).json();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const toTime = (day) => Date.parse(`${day}T12:00:00Z`) / 1000;

/** One row per day, one column per group: the shape both uPlot and the table want. */
function pivot(series) {
  const days = [...new Set(Object.values(series).flat().map((p) => p.day))].sort();
  const groups = Object.keys(series);
  const rows = days.map((day) => groups.map((g) => (series[g].find((p) => p.day === day) || {}).score_0_10 ?? null));
  return { days, groups, rows };
}

function fillTable(table, head, rows) {
  const caption = table.querySelector("caption");
  table.replaceChildren(...(caption ? [caption] : []),
    el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h))),
    ...rows.map((cells) => el("tr", {}, ...cells.map((c, i) => el(i ? "td" : "th", i ? {} : { scope: "row" }, c ?? "—")))));
}

function chart(target, days, columns, names, yLabel, range) {
  target.replaceChildren();
  if (!days.length) return;
  const opts = {
    width: Math.min(820, target.clientWidth || 820), height: 260,
    scales: { x: { time: true }, y: range ? { range } : {} },
    axes: [{}, { label: yLabel }],
    series: [{}, ...names.map((name, i) => ({ label: name, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true, points: { size: 6 } }))],
  };
  new uPlot(opts, [days.map(toTime), ...columns], target);
}

function render() {
  const empty = data.answers === 0;
  document.getElementById("empty").hidden = !empty;
  document.getElementById("summary").textContent = empty ? "" : t("progress.summary", { answers: data.answers, days: data.days });
  const kp = data.key_points;
  document.getElementById("points").replaceChildren(
    el("li", {}, t("progress.mastered", { n: kp.mastered })),
    el("li", {}, t("progress.in_notebook", { n: kp.in_notebook, mistakes: data.mistakes_in_notebook })),
    el("li", {}, t("progress.covered_last", { n: kp.covered_at_last_attempt, seen: kp.seen })));

  const scores = { ...data.per_domain };
  if (data.overall.length) scores[t("progress.overall")] = data.overall;
  const { days, groups, rows } = pivot(scores);
  const names = groups.map((g) => (g === t("progress.overall") ? g : label("domain", g)));
  chart(document.getElementById("scores-chart"), days, groups.map((_, i) => rows.map((r) => r[i])), names, t("progress.score_axis"), [0, 10]);
  fillTable(document.getElementById("scores-table"), [t("progress.day"), ...names], days.map((d, i) => [d, ...rows[i]]));

  const comp = pivot(data.per_competency);
  document.getElementById("competency-card").hidden = !comp.groups.length;
  fillTable(document.getElementById("competency-table"), [t("progress.day"), ...comp.groups.map((g) => label("competency", g))],
    comp.days.map((d, i) => [d, ...comp.rows[i]]));

  const delivery = data.delivery;
  document.getElementById("delivery-card").hidden = !delivery.length;
  chart(document.getElementById("delivery-chart"), delivery.map((p) => p.day),
    [delivery.map((p) => p.rate_per_min), delivery.map((p) => p.filler_rate_per_100)],
    [t("progress.pace"), t("progress.fillers")], t("progress.delivery_axis"));
  fillTable(document.getElementById("delivery-table"), [t("progress.day"), t("progress.pace"), t("progress.fillers")],
    delivery.map((p) => [p.day, `${p.rate_per_min} ${t(`progress.unit_${p.rate_unit}`)}`, p.filler_rate_per_100]));
  document.body.dataset.loaded = "true";
}

render();
onLangChange(render);

// Renders /interviews/{id}?format=json: overall and per-domain scores, then each question with
// the transcript, key points with their evidence, mistakes, delivery and the model outline.
// Also the page of a shared link (/shared/{token}), which reads the same data under that path.
// The labels are in the interface language; while the viewer has not picked one with the
// toggle, that is the interview's own (a Chinese interview's report reads in Chinese). The
// report is drawn again when the language changes.
import { applyTranslations, explicitLang, formatDate, label, onLangChange, setLang, t } from "/static/i18n.js";

const path = location.pathname.split("/").filter(Boolean);
const shared = path[0] === "shared";
const interviewId = path.pop();
const base = `/${shared ? "shared" : "interviews"}/${interviewId}`;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const fmt = (x) => (x === null || x === undefined ? "—" : Number(x).toFixed(1));

function evidenceText(kp) {
  const evidence = kp.evidence;
  if (!evidence) return "";
  return typeof evidence === "string" ? evidence : evidence.text || "";
}

// The reasons of "what to practise next" come from the server in English
// (interviewer/scoring/rollup.py): known forms are put in the interface language, others kept.
const REASONS = [
  [/^no real answer \((.+)\)$/s, (m) => t("reason.no_answer", { kind: label("non_answer", m[1].replaceAll(" ", "_")) })],
  [/^stated a common mistake: (.*)$/s, (m) => t("reason.mistake", { text: m[1] })],
  [/^missed: (.*)$/s, (m) => t("reason.missed", { items: m[1] })],
  [/^answer was shallow$/, () => t("reason.shallow")],
];
function reasonText(reason) {
  for (const [pattern, say] of REASONS) {
    const found = String(reason).match(pattern);
    if (found) return say(found);
  }
  return reason;
}

function renderSummary(report) {
  const rollup = report.rollup || {};
  const summary = document.getElementById("summary");
  summary.replaceChildren(
    el("h1", {}, t("report.heading", { round: label("round", report.round), level: report.level })),
    el("p", { class: "muted" }, formatDate(report.created_at)),
    el("div", { class: "big-score", id: "overall" }, `${fmt(rollup.overall_0_10)} / 10`),
  );
  // A timed mock: each phase's clock, the time it took against its budget.
  const phases = report.phases || [];
  if (phases.length) {
    const minutes = (s) => `${(s / 60).toFixed(1)} min`;
    const table = el("table", { id: "phase-times" },
      el("caption", {}, t("report.phases")),
      el("tr", {}, el("th", {}, t("report.phase")), el("th", {}, t("report.time_used")), el("th", {}, t("report.budget"))));
    for (const p of phases) {
      const over = p.used_s !== null && p.used_s > p.budget_s;
      table.append(el("tr", over ? { class: "kp-missed" } : {}, el("td", {}, label("mock_phase", p.name)),
        el("td", {}, p.used_s === null ? t("report.not_reached") : minutes(p.used_s)), el("td", {}, minutes(p.budget_s))));
    }
    summary.append(table);
  }
  const domains = rollup.per_domain || {};
  if (Object.keys(domains).length) {
    const table = el("table", {}, el("tr", {}, el("th", {}, t("report.domain")), el("th", {}, t("report.score"))));
    for (const [name, value] of Object.entries(domains)) {
      table.append(el("tr", {}, el("td", {}, label("domain", name)), el("td", {}, fmt(typeof value === "object" ? value.score_0_10 ?? value.mean : value))));
    }
    summary.append(table);
  }
  const next = rollup.practise_next || [];
  if (next.length) {
    summary.append(el("h3", {}, t("report.practise_next")), el("ul", {}, ...next.map((n) =>
      el("li", {}, `${reasonText(n.reason)} `, el("span", { class: "muted" },
        t("report.practise_item", { domain: label("domain", n.domain), score: fmt(n.score_0_10) }))))));
  }
  const missed = rollup.missed_key_points || [];
  if (missed.length) {
    summary.append(el("h3", {}, t("report.notebook_missed")),
      el("ul", {}, ...missed.map((m) => el("li", {}, m.text))));
  }
  summary.append(el("p", { class: "no-print" },
    el("a", { href: `${base}.md` }, t("report.export_md")), " · ",
    el("a", { href: `${base}?format=json` }, t("report.export_json")), " · ",
    el("a", { href: "#", id: "print" }, t("report.print"))));
  document.getElementById("print").addEventListener("click", (e) => { e.preventDefault(); window.print(); });
}

function renderScore(score) {
  const box = el("div", { class: "score-detail" });
  if (score.non_answer) box.append(el("p", { class: "kp-missed" }, t("report.not_answer", { kind: label("non_answer", score.non_answer) })));
  const points = el("ul");
  for (const kp of score.key_points || []) {
    const quote = evidenceText(kp);
    const core = kp.core ? el("span", { class: "kp-core", title: t("report.core_title") }, t("report.core")) : "";
    points.append(el("li", { class: `kp-${kp.status}` }, `${label("kp", kp.status)}${t("report.colon")}${kp.text}`, core, quote ? el("blockquote", {}, `“${quote}”`) : ""));
  }
  box.append(el("h4", {}, t("report.key_points")), points);
  if ((score.mistakes || []).length) {
    box.append(el("h4", {}, t("report.mistakes")), el("ul", {}, ...score.mistakes.map((m) =>
      el("li", { class: "kp-missed" }, `${m.text} — ${m.correction || ""}`, evidenceText(m) ? el("blockquote", {}, `“${evidenceText(m)}”`) : ""))));
  }
  if (score.star) {
    box.append(el("h4", {}, t("report.star")),
      el("p", {}, score.star.verdict ? label("star", score.star.verdict) : "", " ", score.star.advice || ""));
  }
  const d = score.delivery || {};
  const fillers = Object.values(d.fillers || {}).reduce((a, b) => a + b, 0);
  const parts = [];
  if (d.rate_per_min != null) parts.push(t("report.rate", { rate: Math.round(d.rate_per_min), unit: label("unit", d.unit) }));
  parts.push(fillers === 1 ? t("report.filler_one") : t("report.fillers", { count: fillers }));
  if (d.timed) parts.push(t("report.pauses", { count: (d.long_pauses || []).length }));
  if (d.length_verdict && d.length_verdict !== "unknown") {
    parts.push(t("report.length", { verdict: label("length", d.length_verdict), seconds: d.target_time_s }));
  }
  box.append(el("p", { class: "muted" }, t("report.delivery", { parts: parts.join(t("report.list_separator")), path: score.path })));
  if (score.feedback) box.append(el("p", {}, score.feedback));
  return box;
}

function renderQuestion(q, index) {
  const card = el("section", { class: "card question" },
    el("h2", {}, `${index + 1}. ${q.prompt}`),
    el("p", {}, el("strong", {}, q.scoring_failed ? t("report.scoring_failed") : t("report.score_line", { score: fmt(q.score_0_10) })),
      el("span", { class: "muted" }, `  · ${label("domain", q.domain)}`)));
  if (!q.answers.length) card.append(el("p", { class: "muted" }, t("report.not_reached")));
  for (const a of q.answers) {
    card.append(el("p", {}, el("strong", {}, `${t("report.interviewer")} `), a.interviewer_line));
    const said = a.text || (a.kind === "skipped" ? t("report.skipped") : t("report.no_answer"));
    card.append(el("blockquote", { class: "answer" }, said, a.complete ? "" : ` ${t("report.cut_off")}`));
    if (a.has_audio) card.append(el("audio", { controls: "", preload: "none", src: `${base}/audio/${a.turn_index}.wav` }));
    if (a.code) card.append(el("h4", {}, t("report.your_code")), el("pre", { class: "code" }, a.code));
  }
  const last = [...q.answers].reverse().find((a) => a.score);
  if (last) card.append(renderScore(last.score));
  if (last && last.score.code) {
    card.append(el("h4", {}, t("report.code_shows", { share: Math.round(last.score.code.share_met * 100) })),
      el("ul", {}, ...last.score.code.requirements.map((r) =>
        el("li", {}, `${r.met ? "✓" : "✗"} ${r.text}`, r.evidence ? el("code", {}, `  ${r.evidence}`) : ""))));
  }
  if (q.missed_key_points.length) card.append(el("h4", {}, t("report.missed")), el("ul", {}, ...q.missed_key_points.map((m) => el("li", {}, m))));
  card.append(el("h4", {}, t("report.outline")), el("ul", {}, ...q.model_outline.map((p) => el("li", {}, p))));
  if (q.tips.length) card.append(el("h4", {}, t("report.tips")), el("ul", {}, ...q.tips.map((t) => el("li", {}, t))));
  return card;
}

// Team mode, the owner only: links that open this report to anyone holding them, revocable.
// Drawn once; its fixed text carries message keys and its list is re-drawn on a change.
async function renderSharing() {
  if (shared) return;
  const me = await fetch("/api/me");
  if (!me.ok || (await me.json()).mode !== "team") return;
  const response = await fetch(`${base}/share`);
  if (!response.ok) return; // a coach reading a candidate's report
  const box = el("section", { class: "card no-print", id: "sharing" },
    el("h2", { "data-i18n": "share.heading" }),
    el("p", { class: "muted", "data-i18n": "share.lead" }));
  const list = el("ul", { class: "share-links" });
  const made = el("p", { id: "new-link" });
  const make = el("button", { type: "button", id: "make-link", "data-i18n": "share.create" });
  make.addEventListener("click", async () => {
    const link = await (await fetch(`${base}/share`, { method: "POST" })).json();
    const url = `${location.origin}${link.url}`;
    made.replaceChildren(el("span", { "data-i18n": "share.new_link" }), " ", el("a", { href: url, id: "share-url" }, url));
    applyTranslations(made);
    await fill();
  });
  let links = [];
  function draw() {
    list.replaceChildren(...links.map((link) => {
      const li = el("li", {}, `${t("share.made", { date: formatDate(link.created_at) })} `);
      if (link.revoked) li.append(el("span", { class: "muted" }, t("share.revoked")));
      else {
        const revoke = el("button", { type: "button", class: "danger" }, t("share.revoke"));
        revoke.addEventListener("click", async () => {
          await fetch(`${base}/share/${link.id}`, { method: "DELETE" });
          await fill();
        });
        li.append(revoke);
      }
      return li;
    }));
  }
  async function fill() {
    links = await (await fetch(`${base}/share`)).json();
    draw();
  }
  await fill();
  box.append(make, made, list);
  applyTranslations(box);
  document.querySelector("main").append(box);
  onLangChange(draw);
}

const response = await fetch(`${base}?format=json`);
if (!response.ok) {
  const summary = document.getElementById("summary");
  summary.replaceChildren(el("p", { "data-i18n": "report.load_failed" }));
  applyTranslations(summary);
} else {
  const report = await response.json();
  // Not chosen by the viewer: the interview's language, for this page only.
  if (!explicitLang()) setLang(report.language, { persist: false });
  const render = () => {
    renderSummary(report);
    document.getElementById("questions").replaceChildren(...report.questions.map(renderQuestion));
  };
  render();
  onLangChange(render);
  await renderSharing();
  document.body.dataset.loaded = "true";
}

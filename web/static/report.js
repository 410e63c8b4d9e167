// Renders /interviews/{id}?format=json: overall and per-domain scores, then each question with
// the transcript, key points with their evidence, mistakes, delivery and the model outline.
// Also the page of a shared link (/shared/{token}), which reads the same data under that path.
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

function renderSummary(report) {
  const rollup = report.rollup || {};
  const summary = document.getElementById("summary");
  summary.replaceChildren(
    el("h1", {}, `Interview report — ${report.round.replace(/_/g, " ")}, ${report.level}`),
    el("p", { class: "muted" }, new Date(report.created_at).toLocaleString()),
    el("div", { class: "big-score", id: "overall" }, `${fmt(rollup.overall_0_10)} / 10`),
  );
  const domains = rollup.per_domain || {};
  if (Object.keys(domains).length) {
    const table = el("table", {}, el("tr", {}, el("th", {}, "Domain"), el("th", {}, "Score")));
    for (const [name, value] of Object.entries(domains)) {
      table.append(el("tr", {}, el("td", {}, name), el("td", {}, fmt(typeof value === "object" ? value.score_0_10 ?? value.mean : value))));
    }
    summary.append(table);
  }
  const next = rollup.practise_next || [];
  if (next.length) {
    summary.append(el("h3", {}, "What to practise next"), el("ul", {}, ...next.map((n) =>
      el("li", {}, `${n.reason} `, el("span", { class: "muted" }, `(${n.domain}, ${fmt(n.score_0_10)}/10)`)))));
  }
  const missed = rollup.missed_key_points || [];
  if (missed.length) {
    summary.append(el("h3", {}, "Mistake notebook: key points you missed"),
      el("ul", {}, ...missed.map((m) => el("li", {}, m.text))));
  }
  summary.append(el("p", { class: "no-print" },
    el("a", { href: `${base}.md` }, "Export Markdown"), " · ",
    el("a", { href: `${base}?format=json` }, "Export JSON"), " · ",
    el("a", { href: "#", id: "print" }, "Print / PDF")));
  document.getElementById("print").addEventListener("click", (e) => { e.preventDefault(); window.print(); });
}

function renderScore(score) {
  const box = el("div", { class: "score-detail" });
  if (score.non_answer) box.append(el("p", { class: "kp-missed" }, `Not an answer (${score.non_answer}): scored 0.`));
  const points = el("ul");
  for (const kp of score.key_points || []) {
    const quote = evidenceText(kp);
    points.append(el("li", { class: `kp-${kp.status}` }, `${kp.status}: ${kp.text}`, quote ? el("blockquote", {}, `“${quote}”`) : ""));
  }
  box.append(el("h4", {}, "Key points"), points);
  if ((score.mistakes || []).length) {
    box.append(el("h4", {}, "Mistakes"), el("ul", {}, ...score.mistakes.map((m) =>
      el("li", { class: "kp-missed" }, `${m.text} — ${m.correction || ""}`, evidenceText(m) ? el("blockquote", {}, `“${evidenceText(m)}”`) : ""))));
  }
  if (score.star) box.append(el("h4", {}, "STAR"), el("p", {}, score.star.verdict || "", " ", score.star.advice || ""));
  const d = score.delivery || {};
  const fillers = Object.values(d.fillers || {}).reduce((a, b) => a + b, 0);
  const parts = [];
  if (d.rate_per_min != null) parts.push(`${Math.round(d.rate_per_min)} ${d.unit} per minute`);
  parts.push(`${fillers} filler${fillers === 1 ? "" : "s"}`);
  if (d.timed) parts.push(`${(d.long_pauses || []).length} long pauses`);
  if (d.length_verdict && d.length_verdict !== "unknown") parts.push(`length ${d.length_verdict} for a ${d.target_time_s} s answer`);
  box.append(el("p", { class: "muted" }, `Delivery: ${parts.join(", ")}. Scored by ${score.path}.`));
  if (score.feedback) box.append(el("p", {}, score.feedback));
  return box;
}

function renderQuestion(q, index) {
  const card = el("section", { class: "card question" },
    el("h2", {}, `${index + 1}. ${q.prompt}`),
    el("p", {}, el("strong", {}, q.scoring_failed ? "Scoring failed after retries; your answer is kept as said." : `Score: ${fmt(q.score_0_10)} / 10`), el("span", { class: "muted" }, `  · ${q.domain}`)));
  if (!q.answers.length) card.append(el("p", { class: "muted" }, "Not reached in this interview."));
  for (const a of q.answers) {
    card.append(el("p", {}, el("strong", {}, "Interviewer: "), a.interviewer_line));
    const said = a.text || (a.kind === "skipped" ? "(skipped)" : "(no answer)");
    card.append(el("blockquote", { class: "answer" }, said, a.complete ? "" : " (cut off)"));
    if (a.has_audio) card.append(el("audio", { controls: "", preload: "none", src: `${base}/audio/${a.turn_index}.wav` }));
    if (a.code) card.append(el("h4", {}, "Your code"), el("pre", { class: "code" }, a.code));
  }
  const last = [...q.answers].reverse().find((a) => a.score);
  if (last) card.append(renderScore(last.score));
  if (last && last.score.code) {
    card.append(el("h4", {}, `What the code shows (${Math.round(last.score.code.share_met * 100)}% of what it must do)`),
      el("ul", {}, ...last.score.code.requirements.map((r) =>
        el("li", {}, `${r.met ? "✓" : "✗"} ${r.text}`, r.evidence ? el("code", {}, `  ${r.evidence}`) : ""))));
  }
  if (q.missed_key_points.length) card.append(el("h4", {}, "What you missed"), el("ul", {}, ...q.missed_key_points.map((m) => el("li", {}, m))));
  card.append(el("h4", {}, "Model answer outline"), el("ul", {}, ...q.model_outline.map((p) => el("li", {}, p))));
  if (q.tips.length) card.append(el("h4", {}, "Tips"), el("ul", {}, ...q.tips.map((t) => el("li", {}, t))));
  return card;
}

// Team mode, the owner only: links that open this report to anyone holding them, revocable.
async function renderSharing() {
  if (shared) return;
  const me = await fetch("/api/me");
  if (!me.ok || (await me.json()).mode !== "team") return;
  const response = await fetch(`${base}/share`);
  if (!response.ok) return; // a coach reading a candidate's report
  const box = el("section", { class: "card no-print", id: "sharing" },
    el("h2", {}, "Share this report"),
    el("p", { class: "muted" }, "Anyone with a link can read this report and hear its recordings until you revoke the link."));
  const list = el("ul", { class: "share-links" });
  const made = el("p", { id: "new-link" });
  const make = el("button", { type: "button", id: "make-link" }, "Create a link");
  make.addEventListener("click", async () => {
    const link = await (await fetch(`${base}/share`, { method: "POST" })).json();
    const url = `${location.origin}${link.url}`;
    made.replaceChildren("New link (shown once): ", el("a", { href: url, id: "share-url" }, url));
    await fill();
  });
  async function fill() {
    const links = await (await fetch(`${base}/share`)).json();
    list.replaceChildren(...links.map((link) => {
      const li = el("li", {}, `Link made ${new Date(link.created_at).toLocaleString()} `);
      if (link.revoked) li.append(el("span", { class: "muted" }, "(revoked)"));
      else {
        const revoke = el("button", { type: "button", class: "danger" }, "Revoke");
        revoke.addEventListener("click", async () => {
          await fetch(`${base}/share/${link.id}`, { method: "DELETE" });
          await fill();
        });
        li.append(revoke);
      }
      return li;
    }));
  }
  await fill();
  box.append(make, made, list);
  document.querySelector("main").append(box);
}

const response = await fetch(`${base}?format=json`);
if (!response.ok) {
  document.getElementById("summary").textContent = "This report could not be loaded.";
} else {
  const report = await response.json();
  renderSummary(report);
  document.getElementById("questions").replaceChildren(...report.questions.map(renderQuestion));
  await renderSharing();
  document.body.dataset.loaded = "true";
}

// "Practise a question you were asked": looks a question from a real interview up in the bank
// (GET /api/match) and links each match to a drill on that one question (/?question=<id>).
// Kept apart from app.js, which runs the interview; this only reads the setup form's language.
// The last answer is kept and re-drawn when the interface language changes.
import { label, onLangChange, t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);
const section = $("match");
const form = $("match-form");
const question = $("match-question");
const status = $("match-status");
const results = $("match-results");

// The look-up belongs to the setup screen: hide it while an interview runs.
new MutationObserver(() => { section.hidden = $("setup").hidden; })
  .observe($("setup"), { attributes: true, attributeFilter: ["hidden"] });

function chosenLanguage() {
  const select = document.querySelector('#setup-form select[name="language"]');
  return select ? select.value : "";
}

function drillLink(match) {
  const link = document.createElement("a");
  link.href = `/?question=${encodeURIComponent(match.id)}`;
  link.textContent = t("match.practise");
  return link;
}

function entry(match, lead) {
  const item = document.createElement("li");
  const prompt = document.createElement("span");
  prompt.textContent = lead + match.prompt;
  const meta = document.createElement("span");
  meta.className = "muted";
  meta.textContent = ` (${label("round", match.round)} · ${label("domain", match.domain)}) `;
  item.append(prompt, meta, drillLink(match));
  return item;
}

let shown = null;  // the last answer, or a status message's key and values

function show(body) {
  shown = { body };
  results.replaceChildren();
  if (body.none) {
    status.textContent = t("match.none");
    if (body.nearest) results.append(entry(body.nearest, `${t("match.closest")} `));
    return;
  }
  const count = body.matches.length;
  status.textContent = count === 1 ? t("match.one") : t("match.many", { count });
  results.append(...body.matches.map((match) => entry(match, "")));
}

function say(key, vars = {}) {
  shown = { key, vars };
  status.textContent = t(key, vars);
}

onLangChange(() => {
  if (shown && shown.body) show(shown.body);
  else if (shown) say(shown.key, shown.vars);
});

async function find(event) {
  event.preventDefault();
  const asked = question.value.trim();
  if (!asked) return;
  const params = new URLSearchParams({ q: asked });
  const language = chosenLanguage();
  if (language) params.set("language", language);
  say("match.searching");
  results.replaceChildren();
  try {
    const response = await fetch(`/api/match?${params}`);
    if (!response.ok) throw new Error(t("match.server_status", { status: response.status }));
    show(await response.json());
  } catch (error) {
    say("match.failed", { error: error.message });
  }
}

form.addEventListener("submit", find);
question.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) find(event);
});

// "Practise a question you were asked": looks a question from a real interview up in the bank
// (GET /api/match) and links each match to a drill on that one question (/?question=<id>).
// Kept apart from app.js, which runs the interview; this only reads the setup form's language.

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
  link.textContent = "Practise this question";
  return link;
}

function entry(match, lead) {
  const item = document.createElement("li");
  const prompt = document.createElement("span");
  prompt.textContent = lead + match.prompt;
  const meta = document.createElement("span");
  meta.className = "muted";
  meta.textContent = ` (${match.round.replaceAll("_", " ")} · ${match.domain.replaceAll("_", " ")}) `;
  item.append(prompt, meta, drillLink(match));
  return item;
}

function show(body) {
  results.replaceChildren();
  if (body.none) {
    status.textContent = "No question here asks the same thing.";
    if (body.nearest) results.append(entry(body.nearest, "Closest, but not the same: "));
    return;
  }
  const count = body.matches.length;
  status.textContent = count === 1
    ? "1 question asks the same thing:"
    : `${count} questions ask the same thing, best first:`;
  results.append(...body.matches.map((match) => entry(match, "")));
}

async function find(event) {
  event.preventDefault();
  const asked = question.value.trim();
  if (!asked) return;
  const params = new URLSearchParams({ q: asked });
  const language = chosenLanguage();
  if (language) params.set("language", language);
  status.textContent = "Searching…";
  results.replaceChildren();
  try {
    const response = await fetch(`/api/match?${params}`);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    show(await response.json());
  } catch (error) {
    status.textContent = `Could not search: ${error.message}`;
  }
}

form.addEventListener("submit", find);
question.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) find(event);
});

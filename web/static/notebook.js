// The notebook (/api/notebook) and today's practice (/api/practice/today): the weak points
// under review, when each comes back, and a button that starts a drill of the questions due.
import { t, lang, label, formatDate, onLangChange } from "/static/i18n.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function render() {
  const [book, today] = await Promise.all([
    fetch(`/api/notebook?lang=${lang()}`).then((r) => r.json()),
    fetch(`/api/practice/today?lang=${lang()}`).then((r) => r.json()),
  ]);
  const ids = today.questions.map((q) => q.id);
  document.getElementById("today-list").replaceChildren(...today.questions.map((q) =>
    el("li", {}, q.prompt, " ", el("a", { href: `/?question=${encodeURIComponent(q.id)}` }, t("notebook.drill_one")))));
  const start = document.getElementById("start-today");
  start.hidden = !ids.length;
  start.href = `/?questions=${ids.map(encodeURIComponent).join(",")}`;
  const none = document.getElementById("today-none");
  none.hidden = ids.length > 0;
  none.textContent = today.next_due ? t("notebook.next_due", { when: formatDate(today.next_due) }) : t("notebook.nothing_due");

  document.getElementById("counts").textContent = t("notebook.counts", { open: book.cards.length, due: book.due_now, mastered: book.mastered });
  document.getElementById("empty").hidden = book.cards.length > 0;
  const table = document.getElementById("cards");
  table.hidden = !book.cards.length;
  table.replaceChildren(
    el("tr", {}, ...["notebook.col_point", "notebook.col_question", "notebook.col_last", "notebook.col_due"].map((k) => el("th", { scope: "col" }, t(k)))),
    ...book.cards.map((c) => el("tr", { class: `card-${c.kind}` },
      el("td", {}, el("strong", {}, t(`notebook.kind_${c.kind}`)), " ", c.text, c.correction ? el("div", { class: "muted" }, c.correction) : ""),
      el("td", {}, c.prompt, el("div", { class: "muted" }, label("domain", c.domain))),
      el("td", { class: `kp-${c.last_status === "stated" ? "missed" : c.last_status}` }, t(`notebook.status_${c.last_status}`)),
      el("td", {}, formatDate(c.due)))));
  document.body.dataset.loaded = "true";
}

await render();
onLangChange(render);

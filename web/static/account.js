// The account page: who is signed in, the coaches given read access (add, remove), and the
// candidates this user coaches.
import { applyTranslations } from "/static/i18n.js";

const errors = document.getElementById("errors");
const me = await (await fetch("/api/me")).json();
const who = document.getElementById("who");
delete who.dataset.i18n;  // the person's name from here on, in any language
who.textContent = me.display_name;
document.getElementById("email").textContent = me.email || "";

function person(p, removable) {
  const li = document.createElement("li");
  li.textContent = `${p.display_name} (${p.email}) `;
  if (removable) {
    const remove = document.createElement("button");
    remove.dataset.i18n = "account.remove";
    remove.className = "danger";
    remove.addEventListener("click", async () => {
      await fetch(`/api/coaches/${p.id}`, { method: "DELETE" });
      await render();
    });
    li.append(remove);
    applyTranslations(remove);
  }
  return li;
}

async function render() {
  const data = await (await fetch("/api/coaches")).json();
  document.getElementById("coaches").replaceChildren(...data.coaches.map((p) => person(p, true)));
  document.getElementById("candidates").replaceChildren(...data.candidates.map((p) => person(p, false)));
  document.getElementById("coaching").hidden = !data.candidates.length;
}

document.getElementById("coach-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  errors.replaceChildren();
  const response = await fetch("/api/coaches", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: e.target.email.value }),
  });
  if (!response.ok) {
    const div = document.createElement("div");
    const detail = (await response.json().catch(() => ({}))).detail;
    if (typeof detail === "string") div.textContent = detail;  // the server's own words
    else div.dataset.i18n = "account.add_failed";
    errors.append(div);
    applyTranslations(div);
    return;
  }
  e.target.reset();
  await render();
});
await render();

// The account page: who is signed in, the coaches given read access (add, remove), and the
// candidates this user coaches.
const errors = document.getElementById("errors");
const me = await (await fetch("/api/me")).json();
document.getElementById("who").textContent = me.display_name;
document.getElementById("email").textContent = me.email || "";

function person(p, removable) {
  const li = document.createElement("li");
  li.textContent = `${p.display_name} (${p.email}) `;
  if (removable) {
    const remove = document.createElement("button");
    remove.textContent = "Remove";
    remove.className = "danger";
    remove.addEventListener("click", async () => {
      await fetch(`/api/coaches/${p.id}`, { method: "DELETE" });
      await render();
    });
    li.append(remove);
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
    div.textContent = (await response.json().catch(() => ({}))).detail || "Could not add this coach.";
    errors.append(div);
    return;
  }
  e.target.reset();
  await render();
});
await render();

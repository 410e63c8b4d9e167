// The header's account links: in team mode, who is signed in, their account page and sign-out.
// Personal mode has one implicit owner and nothing to show.
const response = await fetch("/api/me");
if (response.ok) {
  const me = await response.json();
  const nav = document.querySelector("header.bar nav");
  if (me.mode === "team" && nav) {
    const account = document.createElement("a");
    account.href = "/account";
    account.id = "account-link";
    account.textContent = me.display_name;
    const out = document.createElement("a");
    out.href = "#";
    out.id = "sign-out";
    out.textContent = "Sign out";
    out.addEventListener("click", async (e) => {
      e.preventDefault();
      await fetch("/api/logout", { method: "POST" });
      location.href = "/login";
    });
    nav.append(account, out);
  }
}

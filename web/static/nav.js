// The page header on every page but sign-in: translations and the EN / 中文 toggle (by
// importing i18n.js), the link to the page shown marked as current, and in team mode who is
// signed in, their account page and sign-out. Personal mode has one implicit owner and nothing
// more to show.
import { applyTranslations } from "/static/i18n.js";

const nav = document.querySelector("header.bar nav");
for (const link of nav ? nav.querySelectorAll("a[href^='/']") : []) {
  if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
}

const response = await fetch("/api/me");
if (response.ok) {
  const me = await response.json();
  if (me.mode === "team" && nav) {
    const account = document.createElement("a");
    account.href = "/account";
    account.id = "account-link";
    account.textContent = me.display_name;
    const out = document.createElement("a");
    out.href = "#";
    out.id = "sign-out";
    out.dataset.i18n = "nav.sign_out";
    out.addEventListener("click", async (e) => {
      e.preventDefault();
      await fetch("/api/logout", { method: "POST" });
      location.href = "/login";
    });
    nav.append(account, out);
    applyTranslations(out);
  }
}

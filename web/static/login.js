// Sign-in (and, where the server allows it, sign-up) for team mode, as JSON posts to /api/login
// and /api/signup; single sign-on is a plain link to /auth/oidc/login.
import { applyTranslations, onLangChange, t } from "/static/i18n.js";

const next = new URLSearchParams(location.search).get("next") || "/";
const safeNext = next.startsWith("/") && !next.startsWith("//") ? next : "/";
const form = document.getElementById("login-form");
const errors = document.getElementById("errors");
let signingUp = false;

const options = await (await fetch("/api/auth/options")).json();
if (options.mode !== "team") location.replace("/");
if (options.oidc) {
  document.getElementById("oidc").hidden = false;
  const link = document.getElementById("oidc-link");
  delete link.dataset.i18n;  // named after the provider: drawn here, again on a change
  const name = () => { link.textContent = t("login.sso_with", { provider: options.oidc }); };
  name();
  onLangChange(name);
  link.href = `/auth/oidc/login?next=${encodeURIComponent(safeNext)}`;
}
if (options.open_signup) {
  const toggle = document.getElementById("toggle-signup");
  const submit = document.getElementById("submit");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    signingUp = !signingUp;
    document.getElementById("name-field").hidden = !signingUp;
    submit.dataset.i18n = signingUp ? "login.create" : "login.submit";
    toggle.dataset.i18n = signingUp ? "login.to_signin" : "login.to_signup";
    applyTranslations(submit);
    applyTranslations(toggle);
    form.password.autocomplete = signingUp ? "new-password" : "current-password";
  });
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  errors.replaceChildren();
  const body = { email: form.email.value, password: form.password.value };
  if (signingUp) body.display_name = form.display_name.value;
  const response = await fetch(signingUp ? "/api/signup" : "/api/login", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  if (response.ok) { location.href = safeNext; return; }
  const detail = (await response.json().catch(() => ({}))).detail;
  const message = document.createElement("div");
  if (typeof detail === "string") message.textContent = detail;  // the server's own words
  else message.dataset.i18n = "login.error";
  errors.append(message);
  applyTranslations(message);
});

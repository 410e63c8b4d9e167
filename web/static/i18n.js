// The interface language (English or Simplified Chinese), without a library or a build step.
//
// The language is the one the viewer picked with the header's EN / 中文 toggle (kept in
// localStorage), else the browser's: the first of navigator.languages that is English or
// Chinese. A page may also follow its content while the viewer has not picked one (the report
// of a Chinese interview shows in Chinese): setLang(code, { persist: false }).
//
// Static text is marked in the HTML (data-i18n="key" for the text, data-i18n-placeholder,
// data-i18n-title, data-i18n-aria-label for attributes) and keeps its English text there, so a
// page reads sensibly before this module runs. Importing this module translates the page and
// puts the toggle in the header (header.bar); scripts that render text themselves use t() and
// re-render on onLangChange(). Elements they create with a data-i18n attribute are re-translated
// on a change without re-rendering.
import en from "/static/i18n/en.js";
import zh from "/static/i18n/zh.js";

const MESSAGES = { en, zh };
export const LANGUAGES = ["en", "zh"];
const STORAGE_KEY = "viva-lang";
const ATTRIBUTES = { "data-i18n-placeholder": "placeholder", "data-i18n-title": "title",
  "data-i18n-aria-label": "aria-label" };
const listeners = new Set();

function stored() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : null;
  } catch { return null; }  // storage disabled: follow the browser
}

function fromBrowser() {
  const preferred = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || "en"];
  for (const tag of preferred) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return "en";
}

let current = stored() || fromBrowser();

/** The interface language now: "en" or "zh". */
export function lang() { return current; }

/** Whether the viewer picked the language with the toggle (else it follows the browser). */
export function explicitLang() { return stored() !== null; }

/** The BCP 47 tag for <html lang> and for dates and numbers. */
export function locale() { return current === "zh" ? "zh-CN" : "en"; }

/** Whether `key` has a message (in English at least): for labels built from server values. */
export function has(key) { return Object.hasOwn(en, key); }

/**
 * The message for `key` in the current language, with {name} replaced by vars.name. A key
 * missing in Chinese falls back to English; a key missing everywhere shows as itself, which
 * tests/web/test_i18n_messages.py and the browser tests look for.
 */
export function t(key, vars = {}) {
  const message = MESSAGES[current][key] ?? en[key] ?? key;
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A server value (a round, a domain, a status) by its message `${prefix}.${value}`, if any. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value).replace(/_/g, " ");
}

/** A date and time from the server (ISO 8601) in the interface language. */
export function formatDate(iso) { return new Date(iso).toLocaleString(locale()); }

/** Fill every marked element under `root` (the whole page by default) and set <html lang>. */
export function applyTranslations(root = document) {
  const scope = root.querySelectorAll ? root : document;
  const marked = (selector) => [
    ...(scope.matches && scope.matches(selector) ? [scope] : []),
    ...scope.querySelectorAll(selector),
  ];
  for (const node of marked("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const [attribute, target] of Object.entries(ATTRIBUTES)) {
    for (const node of marked(`[${attribute}]`)) node.setAttribute(target, t(node.getAttribute(attribute)));
  }
  document.documentElement.lang = locale();
  for (const button of document.querySelectorAll("#lang-toggle button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === current));
  }
}

/** Call `callback(lang)` after every change of language; returns a function that stops it. */
export function onLangChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

/**
 * Switch the interface to `code`. The toggle persists the choice (persist: true, the default);
 * a page following its content (the report) does not, so the next page is in the viewer's own.
 */
export function setLang(code, { persist = true } = {}) {
  if (!LANGUAGES.includes(code)) return;
  if (persist) {
    try { localStorage.setItem(STORAGE_KEY, code); } catch { /* kept for this page only */ }
  }
  if (code === current) return;
  current = code;
  applyTranslations(document);
  for (const callback of listeners) callback(current);
}

/** The EN / 中文 toggle at the end of the page header; once per page. */
function mountToggle() {
  const header = document.querySelector("header.bar");
  if (!header || document.getElementById("lang-toggle")) return;
  const group = document.createElement("div");
  group.id = "lang-toggle";
  group.className = "lang-toggle no-print";
  group.setAttribute("role", "group");
  group.dataset.i18nAriaLabel = "lang.toggle";
  for (const [code, text] of [["en", "EN"], ["zh", "中文"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.lang = code;
    button.lang = code === "zh" ? "zh-CN" : "en";
    button.textContent = text;
    button.addEventListener("click", () => setLang(code));
    group.append(button);
  }
  header.append(group);
}

mountToggle();
applyTranslations(document);

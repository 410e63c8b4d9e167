// The resume page: paste a resume and a job description (or pick a PDF), see the profile Viva
// read from them as an editable form, the questions about the candidate's own projects, and a
// link that starts a mock of the tailored plan (/?questions=id,id,...).
import { t, lang, label, onLangChange } from "/static/i18n.js";

const DOMAINS = ["fundamentals", "deep_learning", "nlp", "llm", "cv", "recsys", "ranking",
  "system_design", "mlops", "experimentation", "coding", "behavioral"];
const MAX_PDF_BYTES = 5 * 1024 * 1024;
const $ = (id) => document.getElementById(id);
let current = null;  // the last profile view from the server

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function showError(message) {
  $("errors").replaceChildren(...(message ? [el("div", {}, message)] : []));
}

async function call(method, url, body, headers = { "content-type": "application/json" }) {
  $("busy").hidden = false;
  try {
    const response = await fetch(url, { method, headers, body });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail;
      throw new Error(detail || t("profile.error_generic", { status: response.status }));
    }
    return data;
  } finally {
    $("busy").hidden = true;
  }
}

function chip(text, onRemove) {
  const remove = el("button", { type: "button", "aria-label": t("profile.remove") }, "×");
  remove.addEventListener("click", onRemove);
  return el("span", { class: "chip" }, text, " ", remove);
}

function renderSkills(skills) {
  $("skills").replaceChildren(...skills.map((skill, i) => chip(skill, () => {
    current.profile.skills.splice(i, 1);
    renderSkills(current.profile.skills);
  })));
}

function projectFields(project, index) {
  const field = (key, name, value, tag = "input") => {
    const input = el(tag, { "data-field": name });
    input.value = value;
    return el("label", {}, el("span", {}, t(key)), input);
  };
  const domain = el("select", { "data-field": "domain" },
    ...DOMAINS.map((d) => el("option", { value: d }, label("domain", d))));
  domain.value = project.domain;
  const remove = el("button", { type: "button" }, t("profile.remove_project"));
  remove.addEventListener("click", () => {
    current.profile.projects = readProjects().filter((_, i) => i !== index);
    renderProjects(current.profile.projects);
  });
  return el("fieldset", { class: "project" },
    field("profile.project_name", "name", project.name),
    field("profile.project_summary", "summary", project.summary),
    field("profile.project_claims", "claims", project.claims.join("\n"), "textarea"),
    field("profile.project_tech", "technologies", project.technologies.join(", ")),
    el("label", {}, el("span", {}, t("profile.project_domain")), domain),
    remove);
}

function renderProjects(projects) {
  $("projects").replaceChildren(...projects.map(projectFields));
}

function readProjects() {
  return [...$("projects").querySelectorAll("fieldset.project")].map((box) => {
    const value = (name) => box.querySelector(`[data-field="${name}"]`).value;
    const lines = (text, split) => text.split(split).map((s) => s.trim()).filter(Boolean);
    return {
      name: value("name").trim(),
      summary: value("summary").trim(),
      claims: lines(value("claims"), /\n/),
      technologies: lines(value("technologies"), /[,，、]/),
      domain: value("domain"),
    };
  }).filter((project) => project.name);
}

function renderDomains(domains) {
  $("domains").replaceChildren(...DOMAINS.map((d) => {
    const box = el("input", { type: "checkbox", value: d });
    box.checked = domains.includes(d);
    return el("label", { class: "inline" }, box, " ", label("domain", d));
  }));
}

async function renderPlan() {
  const plan = await call("GET", `/api/profile/plan?questions=${$("count").value}`);
  $("plan").replaceChildren(...plan.questions.map((q) => el("li", {},
    q.prompt[lang()] || q.prompt.en, " ",
    el("span", { class: "muted" }, q.kind === "deep_dive" ? t("profile.kind_deep_dive") : label("domain", q.domain)))));
  $("start").href = plan.start_url;
}

async function render(view) {
  current = view;
  const profile = view.profile;
  $("result").hidden = false;
  $("questions").hidden = false;
  $("level").value = profile.level;
  $("level-reason").textContent = profile.level_reason && profile.level_reason !== "default"
    ? t("profile.level_reason", { reason: profile.level_reason }) : "";
  renderDomains(profile.domains);
  renderSkills(profile.skills);
  renderProjects(profile.projects);
  $("deep-dives").replaceChildren(...view.deep_dives.map((q) => el("li", {}, q.prompt[lang()] || q.prompt.en)));
  $("no-projects").hidden = view.deep_dives.length > 0;
  await renderPlan();
  document.body.dataset.loaded = "true";
}

async function extract() {
  showError("");
  const resume_text = $("resume").value, jd_text = $("jd").value;
  if (!resume_text.trim() && !jd_text.trim()) return showError(t("profile.error_empty"));
  try {
    await render(await call("POST", "/api/profile", JSON.stringify({ resume_text, jd_text })));
  } catch (error) { showError(error.message); }
}

async function uploadPdf() {
  showError("");
  const file = $("pdf").files[0];
  if (!file) return;
  if (file.size > MAX_PDF_BYTES) return showError(t("profile.error_pdf_size"));
  try {
    const bytes = await file.arrayBuffer();
    const view = await call("POST", "/api/profile/pdf", bytes, { "content-type": "application/pdf" });
    $("resume").value = view.text;
    // With a job description pasted too, read both together.
    if ($("jd").value.trim()) return extract();
    await render(view);
  } catch (error) { showError(error.message); }
}

async function save(event) {
  event.preventDefault();
  showError("");
  const profile = {
    ...current.profile,
    level: $("level").value,
    domains: [...$("domains").querySelectorAll("input:checked")].map((box) => box.value),
    projects: readProjects(),
  };
  try {
    await render(await call("PUT", "/api/profile", JSON.stringify(profile)));
    $("saved").hidden = false;
  } catch (error) { showError(error.message); }
}

function addSkill() {
  const skill = $("new-skill").value.trim();
  if (!skill || !current) return;
  current.profile.skills.push(skill);
  $("new-skill").value = "";
  renderSkills(current.profile.skills);
}

function addProject() {
  current.profile.projects = [...readProjects(),
    { name: "", summary: "", claims: [], technologies: [], domain: "system_design" }];
  renderProjects(current.profile.projects);
}

$("extract").addEventListener("click", extract);
$("pdf").addEventListener("change", uploadPdf);
$("profile-form").addEventListener("submit", save);
$("add-skill").addEventListener("click", addSkill);
$("add-project").addEventListener("click", addProject);
$("count").addEventListener("change", () => renderPlan().catch((error) => showError(error.message)));

const response = await fetch("/api/profile");
if (response.ok) await render(await response.json());
else document.body.dataset.loaded = "true";
onLangChange(() => { if (current) render({ ...current, profile: { ...current.profile, projects: readProjects() } }); });

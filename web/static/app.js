// Viva's browser client: microphone in, interviewer voice out, over /ws/interview.
// No build step: plain ES modules served by the app.
import { applyTranslations, has, label, lang, onLangChange, t } from "/static/i18n.js";
import { Player } from "/static/player.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { ws: null, interviewId: null, token: null, phase: "idle", capture: null,
  mode: "voice", ended: false, turnLines: new Map(), plan: [] };
const player = new Player();

// Labels that name a state carry their message key (data-i18n), so a change of the interface
// language re-translates them; text with figures in it is re-drawn by the listener at the end.
function setKey(node, key) {
  node.dataset.i18n = key;
  applyTranslations(node);
}

function showError(message) {
  const item = document.createElement("div");
  item.textContent = message;
  $("errors").append(item);
  setTimeout(() => item.remove(), 8000);
}

function setPhase(phase) {
  state.phase = phase;
  const label = $("phase");
  label.dataset.phase = phase;
  if (has(`phase.${phase}`)) setKey(label, `phase.${phase}`);
  else { delete label.dataset.i18n; label.textContent = phase; }  // a phase this page does not know
  setKey($("pause"), phase === "paused" ? "controls.resume" : "controls.pause");
  if (phase === "listening") $("live").textContent = "";
}

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

function addTranscript(who, text, extra = "") {
  const item = document.createElement("li");
  item.className = who;
  item.innerHTML = `<strong></strong> <span></span> <em class="score"></em>`;
  setKey(item.querySelector("strong"), who === "interviewer" ? "interview.interviewer" : "interview.you");
  item.querySelector("span").textContent = text;
  item.querySelector("em").textContent = extra;
  $("transcript").append(item);
  return item;
}

function onInterviewerLine(message) {
  const key = message.turn;
  if (message.kind === "question" && message.question_id !== state.padQuestion) {
    state.padQuestion = message.question_id;
    $("code-pad").value = "";
  }
  if (message.part === 0 || !state.turnLines.has(key)) {
    $("question").textContent = message.text;
    state.turnLines.set(key, addTranscript("interviewer", message.text));
  } else {
    $("question").textContent += " " + message.text;
    const span = state.turnLines.get(key).querySelector("span");
    span.textContent += " " + message.text;
  }
}

const handlers = {
  session_started(m) {
    state.interviewId = m.interview_id;
    state.token = m.token;
    state.plan = m.plan;
    sessionStorage.setItem("viva-session", JSON.stringify({ id: m.interview_id, token: m.token }));
    showCount();
    // The code pad sits beside the transcript whenever the plan has a coding question.
    $("code-pad-panel").hidden = !m.plan.some((q) => q.domain === "coding");
  },
  state(m) { setPhase(m.phase); },
  speech_started() { if (state.phase === "speaking") player.stop(); },
  transcript_partial(m) { $("live").textContent = m.text; },
  transcript_final(m) {
    $("live").textContent = "";
    // A continuation re-sends the turn with the part said after it: one entry per answer.
    const earlier = document.querySelector(`li.candidate[data-turn="${m.turn}"]`);
    if (earlier) earlier.remove();
    const item = addTranscript("candidate", m.text);
    if (!m.text) setKey(item.querySelector("span"), "interview.no_answer_heard");
    item.dataset.turn = m.turn;
  },
  turn_saved(m) {
    const item = document.querySelector(`li.candidate[data-turn="${m.turn}"]`);
    if (item) item.classList.add("saved");
  },
  interviewer_line: onInterviewerLine,
  phase: showPhaseClock,
  audio_start(m) { player.begin(m.sample_rate); },
  audio_end(m) { if (m.interrupted) player.stop(); },
  score(m) {
    const item = document.querySelector(`li.candidate[data-turn="${m.turn}"]`);
    if (!item) return;
    const score = item.querySelector(".score");
    if (m.status === "failed") setKey(score, "interview.score_failed");
    else {
      score.dataset.score = m.score_0_10.toFixed(1);
      score.textContent = t("interview.score", { score: score.dataset.score });
      if (state.star && m.star) showStar(item, m.star);
    }
  },
  metrics() {},
  error(m) {
    showError(`${m.code}: ${m.message}`);
    // Taken over by another window, or paused for inactivity: reconnecting on our own would
    // take the interview back from the other window, or wake a paused one.
    if (m.code === "taken_over" || m.code === "idle_timeout") {
      state.parked = m.code;
      setKey($("pause"), "controls.resume");
    }
    if (m.fatal) state.ws.close();
  },
  session_ended(m) {
    state.ended = true;
    sessionStorage.removeItem("viva-session");
    stopCapture();
    setTimeout(() => { location.href = m.report_url; }, 1500);
  },
};

function connect(first) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}/ws/interview`);
  ws.binaryType = "arraybuffer";
  state.ws = ws;
  ws.onopen = () => send(first);
  ws.onmessage = (e) => {
    if (typeof e.data !== "string") { player.play(e.data); return; }
    const message = JSON.parse(e.data);
    (handlers[message.type] || (() => {}))(message);
  };
  ws.onclose = () => {
    if (state.ended || !state.interviewId || state.parked) return;
    showError(t("interview.reconnecting"));
    setTimeout(() => connect({ type: "resume_session", interview_id: state.interviewId, token: state.token }), 1500);
  };
}

async function startCapture() {
  // ?mic=raw turns browser processing off (tests feed a WAV file as the microphone and need
  // the samples untouched); real candidates keep echo cancellation so the interviewer's
  // voice does not sound like a barge-in.
  const raw = params.get("mic") === "raw";
  const stream = await navigator.mediaDevices.getUserMedia({ audio: {
    echoCancellation: !raw, noiseSuppression: !raw, autoGainControl: !raw, channelCount: 1 } });
  const context = new AudioContext();
  await context.audioWorklet.addModule("/static/pcm-worklet.js");
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, "pcm-capture");
  node.port.onmessage = (e) => {
    if (state.ws && state.ws.readyState === WebSocket.OPEN && state.phase !== "paused") state.ws.send(e.data);
  };
  source.connect(node);
  state.capture = { stream, context };
}

function stopCapture() {
  if (!state.capture) return;
  state.capture.stream.getTracks().forEach((t) => t.stop());
  state.capture.context.close();
  state.capture = null;
}

async function start(event) {
  event.preventDefault();
  const form = new FormData($("setup-form"));
  const [round, domains] = form.get("track").split(":");
  state.mode = form.get("mode");
  const mock = round === "full_mock";
  // STAR practice: behavioral questions, with the STAR and level read shown after each answer.
  state.star = round === "star";
  const message = { type: "start", mode: state.mode,
    round: mock ? "ml_theory" : state.star ? "behavioral" : round,
    level: form.get("level"), language: form.get("language"), questions: Number(form.get("questions")) };
  if (mock) message.mock = true;
  if (domains) message.domains = domains.split(",");
  // A drill: one question (e.g. found with "practise a question you were asked"), or several
  // (today's practice from the notebook, a tailored set from the profile page).
  const drill = drillIds();
  if (drill.length) message.question_ids = drill;
  if (form.get("company")) message.company = form.get("company");
  $("setup").hidden = true;
  $("interview").hidden = false;
  player.unlock();
  if (state.mode === "voice") {
    try { await startCapture(); } catch (err) {
      showError(t("interview.mic_unavailable", { error: err.message }));
      state.mode = "text";
    }
  }
  connect(message);
}

function control(type) { send({ type }); }

// The code pad's whole text goes to the server as the candidate types (debounced); it is
// saved with the next answer. A new question starts with an empty pad.
let codeTimer = null;
$("code-pad").addEventListener("input", () => {
  clearTimeout(codeTimer);
  codeTimer = setTimeout(() => send({ type: "code", text: $("code-pad").value }), 400);
});
function flushCode() {
  if (codeTimer === null) return;
  clearTimeout(codeTimer);
  codeTimer = null;
  send({ type: "code", text: $("code-pad").value });
}

$("setup-form").addEventListener("submit", start);
$("done").addEventListener("click", () => { flushCode(); control("answer_done"); });
// The server restarts the line (its audio_end {interrupted} stops what plays), or refuses a
// repeat while one is still playing: stopping here would leave silence.
$("repeat").addEventListener("click", () => control("repeat"));
$("skip").addEventListener("click", () => { player.stop(); control("skip"); });
$("pause").addEventListener("click", () => {
  player.stop();
  if (state.parked) {  // reopen a parked interview here: it resumes at the pending line
    state.parked = null;
    setKey($("pause"), "controls.pause");
    connect({ type: "resume_session", interview_id: state.interviewId, token: state.token });
    return;
  }
  control(state.phase === "paused" ? "resume" : "pause");
});
$("stop").addEventListener("click", () => { player.stop(); control("stop"); });
$("text-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text-answer").value.trim();
  if (!text) return;
  player.stop();
  flushCode();
  send({ type: "text_answer", text });
  $("text-answer").value = "";
});
document.addEventListener("keydown", (e) => {
  if (e.code === "Space" && !$("interview").hidden && document.activeElement.tagName !== "TEXTAREA"
      && document.activeElement.tagName !== "INPUT") {
    e.preventDefault();
    flushCode();
    control("answer_done");
  }
});

// A page reload during an interview resumes it.
const saved = sessionStorage.getItem("viva-session");
if (saved && params.get("resume") !== "0") {
  const { id, token } = JSON.parse(saved);
  state.interviewId = id;
  state.token = token;
  $("setup").hidden = true;
  $("interview").hidden = false;
  startCapture().catch(() => { state.mode = "text"; });
  connect({ type: "resume_session", interview_id: id, token });
}

// The STAR breakdown of a behavioral answer, right under it (STAR practice).
function showStar(item, star) {
  item.querySelector(".star-read")?.remove();
  const box = document.createElement("div");
  box.className = "star-read";
  const parts = document.createElement("p");
  for (const part of ["situation", "task", "action", "result"]) {
    const chip = document.createElement("span");
    chip.className = `chip ${star.present[part] ? "kp-covered" : "kp-missed"}`;
    chip.textContent = `${star.present[part] ? "✓" : "✗"} ${t(`star.${part}`)}`;
    parts.append(chip, " ");
  }
  const lines = [t(`star.ownership_${star.ownership.toLowerCase()}`),
    t(star.measurable_result ? "star.result_measured" : "star.result_unmeasured")];
  if (star.level_read) lines.push(t("star.level", { read: star.level_read, target: star.level_target || "—" }));
  const notes = document.createElement("p");
  notes.className = "muted";
  notes.textContent = lines.join(" · ");
  const advice = document.createElement("p");
  advice.textContent = [star.advice, star.level_advice].filter(Boolean).join(" ");
  box.append(parts, notes, advice);
  item.append(box);
}

function drillIds() {
  const many = (params.get("questions") || "").split(",").filter(Boolean);
  return params.get("question") ? [params.get("question")] : many.slice(0, 8);
}

function showDrill() {
  const ids = drillIds();
  if (!ids.length) return;
  $("drill-note").hidden = false;
  $("drill-note").textContent = ids.length === 1
    ? t("home.drill", { id: ids[0] }) : t("home.drill_many", { count: ids.length });
}

// A timed mock: the phase, and the time left in it, counting down (it may go below zero
// while an answer runs on; the interviewer moves on at its next turn).
let clockTimer = null;
function showPhaseClock(m) {
  state.phaseInfo = m;
  const clock = $("mock-clock");
  clock.hidden = false;
  clearInterval(clockTimer);
  const tick = () => {
    const info = state.phaseInfo;
    const left = Math.round(((info.deadline_ms ?? Date.now()) - Date.now()) / 1000);
    const sign = left < 0 ? "-" : "";
    const abs = Math.abs(left);
    const time = `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
    clock.textContent = t("mock.clock", { n: info.index + 1, of: info.of, phase: label("mock_phase", info.name), time });
    clock.dataset.late = String(left < 60);
  };
  tick();
  clockTimer = setInterval(tick, 1000);
}

function showCount() {
  if (state.plan.length) $("progress").textContent = t("interview.questions", { count: state.plan.length });
}

// The interview's own language starts as the interface's, until the candidate picks one.
const languageSelect = document.querySelector('#setup-form select[name="language"]');
let languagePicked = false;
languageSelect.addEventListener("change", () => { languagePicked = true; });
function followInterfaceLanguage() {
  if (!languagePicked) languageSelect.value = lang();
}

showDrill();
followInterfaceLanguage();
onLangChange(() => {
  showDrill();
  showCount();
  followInterfaceLanguage();
  for (const score of document.querySelectorAll(".score[data-score]")) {
    score.textContent = t("interview.score", { score: score.dataset.score });
  }
});

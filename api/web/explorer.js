// The dtl explorer: one page over the /v1 routes of the server that serves it (docs/api.md).
// Plain JavaScript, no build step and nothing fetched from elsewhere. The view lives in the
// URL's query string (the API's own parameter names), so every view is a link; the read token
// lives in this tab's sessionStorage and travels only as a bearer header, never in a URL.
"use strict";

(() => {
  const TOKEN_KEY = "dtl.readToken";
  const DAY_MS = 86400000;
  const CLOCKS = ["at", "as_reported_at", "as_known_at"];
  const READING_CLOCKS = ["as_reported_at", "as_known_at"];  // unset: no limit
  const PARAMS = ["x", "y", "org", "at", "as_reported_at", "as_known_at", "min_grade", "chart_from",
    "chart_to", "from", "to", "reported_since"];
  const MAX_TICKS = 300;
  const FEED_LENGTH = 20;
  const RELIABILITY = {A: "completely reliable", B: "usually reliable", C: "fairly reliable",
    D: "not usually reliable", E: "unreliable", F: "reliability cannot be judged"};

  const $ = (id) => document.getElementById(id);

  // ---- small helpers ----------------------------------------------------------------------

  /** An element with attributes and children (strings become text: data never becomes markup). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const todayIso = () => new Date().toISOString().slice(0, 10);
  const isDay = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

  /** The day number (days since 1970-01-01) a date of any precision starts on; null if none. */
  function dayNumber(text) {
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) return null;
    return Math.floor(Date.UTC(Number(m[1]), Number(m[2] || 1) - 1, Number(m[3] || 1)) / DAY_MS);
  }
  const isoDay = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);

  function addYears(iso, years) {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() + years);
    return d.toISOString().slice(0, 10);
  }

  // Work put off for a moment (a slider still moving, a burst of live events) already makes the
  // answer busy: the page never looks settled while a newer answer is on its way.
  const debounced = {};
  const scheduled = new Set();
  function later(name, fn, ms, answers = true) {
    clearTimeout(debounced[name]);
    if (answers) scheduled.add(name);
    busy();
    debounced[name] = setTimeout(() => {
      scheduled.delete(name);
      fn();
      busy();
    }, ms);
  }

  // One request at a time per lane: a newer one aborts the older, so a slow answer never
  // overwrites a newer one (sliders send many).
  const lanes = {};
  function lane(name) {
    if (lanes[name]) lanes[name].abort();
    lanes[name] = new AbortController();
    return lanes[name].signal;
  }

  let pending = 0;
  async function tracked(promise) {
    pending += 1;
    busy();
    try {
      return await promise;
    } finally {
      pending -= 1;
      busy();
    }
  }
  function busy() {
    $("results").setAttribute("aria-busy", pending > 0 || scheduled.size > 0 ? "true" : "false");
  }

  // ---- the read token ---------------------------------------------------------------------

  let tokenInMemory = null;  // when sessionStorage is unavailable (private modes, file://)

  function readToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || tokenInMemory;
    } catch (_) {
      return tokenInMemory;
    }
  }

  function keepToken(token) {
    tokenInMemory = token || null;
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (_) { /* kept in memory only */ }
    showTokenStatus();
  }

  function showTokenStatus(message) {
    $("token-status").textContent = message
      || (readToken() ? "A read token is set for this tab." : "No read token set.");
  }

  /** A token given in the fragment (#token=...) is taken and removed from the address bar, so a
   * link copied afterwards does not carry it. Fragments never reach the server. */
  function tokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get("token");
    if (!token) return;
    keepToken(token.trim());
    fragment.delete("token");
    const rest = fragment.toString();
    history.replaceState(history.state, "", `${location.pathname}${location.search}${rest ? `#${rest}` : ""}`);
  }

  function needToken() {
    $("token-panel").open = true;
    showTokenStatus(readToken()
      ? "The server refused this read token: check it, or ask for the right one."
      : "This server needs a read token (DTL_API_READ_TOKEN) to read: enter it above.");
  }

  // ---- the API ----------------------------------------------------------------------------

  class Problem extends Error {
    constructor(status, body) {
      super(body.detail || body.title || `the server answered ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, params, signal, accept = "application/json") {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== "" && value !== null && value !== undefined) query.set(name, value);
    }
    const headers = {Accept: accept};  // JSON, not the rows as CSV the same routes can give
    const token = readToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${path}?${query}`, {headers, signal});
    if (!response.ok) {
      let body = {};
      try {
        body = await response.json();
      } catch (_) { /* not a problem document */ }
      throw new Problem(response.status, body);
    }
    return response;
  }

  const aborted = (error) => error && error.name === "AbortError";

  // ---- the view and its URL ---------------------------------------------------------------

  let view = null;

  function viewFromUrl() {
    const query = new URLSearchParams(location.search);
    const v = {};
    for (const name of PARAMS) v[name] = (query.get(name) || "").trim();
    v.mode = v.org || query.get("view") === "org" ? "org" : "pair";
    v.diff = v.reported_since || query.get("diff") === "reported" ? "reported" : "days";
    if (!v.at) v.at = todayIso();
    return v;
  }

  function urlOf(v) {
    const query = new URLSearchParams();
    if (v.mode === "org") {
      if (v.org) query.set("org", v.org);
      else query.set("view", "org");
    } else {
      if (v.x) query.set("x", v.x);
      if (v.y) query.set("y", v.y);
    }
    for (const name of ["at", "as_reported_at", "as_known_at", "min_grade", "chart_from", "chart_to"]) {
      if (v[name]) query.set(name, v[name]);
    }
    if (v.diff === "reported") {
      if (v.reported_since) query.set("reported_since", v.reported_since);
      else query.set("diff", "reported");
    } else {
      if (v.from) query.set("from", v.from);
      if (v.to) query.set("to", v.to);
    }
    return `${location.pathname}?${query}`;
  }

  /** Put the view in the address bar: a new history entry for a new subject, else in place. */
  function remember(push) {
    const url = urlOf(view);
    if (url !== `${location.pathname}${location.search}`) {
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }
    $("share").href = url;
  }

  function fillForm() {
    $("mode-pair").checked = view.mode === "pair";
    $("mode-org").checked = view.mode === "org";
    $("x").value = view.x;
    $("y").value = view.y;
    $("org").value = view.org;
    showMode();
    for (const name of CLOCKS) {
      $(name).value = view[name];
      placeSlider(name);
    }
    const grade = $("min_grade");
    grade.value = view.min_grade.toUpperCase();
    if (grade.value !== view.min_grade.toUpperCase()) grade.value = "";  // not a grade: the server says why
    $("diff-days").checked = view.diff === "days";
    $("diff-reported").checked = view.diff === "reported";
    for (const name of ["chart_from", "chart_to", "from", "to", "reported_since"]) $(name).value = view[name];
    showDiffMode();
    $("share").href = urlOf(view);
  }

  function showMode() {
    const org = view.mode === "org";
    document.querySelector(".pair-fields").hidden = org;
    document.querySelector(".org-fields").hidden = !org;
    $("x").disabled = org;
    $("y").disabled = org;
    $("org").disabled = !org;
  }

  function showDiffMode() {
    const reported = view.diff === "reported";
    document.querySelector(".diff-days").hidden = reported;
    document.querySelector(".diff-reported").hidden = !reported;
    $("from").disabled = reported;
    $("to").disabled = reported;
    $("reported_since").disabled = !reported;
  }

  function subjectKey(v) {
    return v.mode === "org" ? `org:${v.org.toUpperCase()}` : `pair:${v.x.toUpperCase()},${v.y.toUpperCase()}`;
  }
  const hasSubject = (v) => (v.mode === "org" ? Boolean(v.org) : Boolean(v.x && v.y));

  // ---- the three clocks: a date field and a slider each -----------------------------------

  // Slider bounds and ticks come from the subject's actions (when they happened, when their
  // sources were published, when they were recorded); a value outside them widens them.
  const bounds = {
    at: {min: dayNumber("1945-01-01"), max: dayNumber(todayIso()), ticks: []},
    as_reported_at: {min: dayNumber("1945-01-01"), max: dayNumber(todayIso()), ticks: []},
    as_known_at: {min: dayNumber(todayIso()) - 30, max: dayNumber(todayIso()), ticks: []},
  };

  function clockText(name, value) {
    if (name === "at") {
      if (!isDay(value)) return value;
      return new Date(`${value}T00:00:00Z`).toLocaleDateString("en-GB",
        {weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
    }
    if (name === "as_reported_at") {
      return value ? `from sources published by ${value}` : "every source, dated or not";
    }
    return value ? `as recorded by the end of ${value} (UTC)` : "everything recorded until now";
  }

  function placeSlider(name) {
    const slider = $(`${name}-slider`);
    const value = view[name];
    const b = bounds[name];
    const n = dayNumber(value);
    const today = dayNumber(todayIso());
    let min = b.min;
    let max = Math.max(b.max, today);
    if (n !== null) {
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    const reading = READING_CLOCKS.includes(name);
    slider.min = String(min);
    slider.max = String(reading ? max + 1 : max);  // one step past the last day: no limit
    slider.value = String(n === null ? (reading ? max + 1 : today) : n);
    const text = clockText(name, value);
    slider.setAttribute("aria-valuetext", value ? `${value}: ${text}` : text);
    $(`${name}-shown`).textContent = text;
    const ticks = $(`${name}-ticks`);
    ticks.replaceChildren(...b.ticks.map((t) => el("option", {value: String(t)})));
  }

  function fromSlider(name) {
    const slider = $(`${name}-slider`);
    const n = Number(slider.value);
    const unlimited = READING_CLOCKS.includes(name) && n >= Number(slider.max);
    view[name] = unlimited ? "" : isoDay(n);
    $(name).value = view[name];
    const text = clockText(name, view[name]);
    slider.setAttribute("aria-valuetext", view[name] ? `${view[name]}: ${text}` : text);
    $(`${name}-shown`).textContent = text;
  }

  async function loadBounds(v) {
    const params = v.mode === "org" ? {actor: v.org} : {pair: `${v.x},${v.y}`};
    let actions;
    try {
      const response = await api("v1/timeline", {...params, limit: 1000}, lane("bounds"));
      actions = (await response.json()).actions;
    } catch (error) {
      return;  // the view's own request says what went wrong
    }
    const days = {at: new Set(), as_reported_at: new Set(), as_known_at: new Set()};
    for (const action of actions) {
      days.at.add(dayNumber(action.on));
      days.as_known_at.add(dayNumber(action.recorded_at));
      for (const source of action.sources || []) days.as_reported_at.add(dayNumber(source.published));
    }
    const today = dayNumber(todayIso());
    for (const name of CLOCKS) {
      const found = [...days[name]].filter((d) => d !== null).sort((a, b) => a - b);
      if (!found.length) continue;
      const margin = name === "at" ? 365 : name === "as_reported_at" ? 30 : 1;
      bounds[name] = {
        min: found[0] - margin,
        max: Math.max(today, found[found.length - 1]),
        ticks: found.length > MAX_TICKS ? [] : found,
      };
    }
    for (const name of CLOCKS) placeSlider(name);
  }

  // ---- rendering answers ------------------------------------------------------------------

  function sourceList(sources) {
    if (!sources || !sources.length) return el("span", {class: "none"}, "no source given");
    return el("ul", {class: "sources"}, sources.map((s) => {
      const name = s.url && /^https?:\/\//.test(s.url)
        ? el("a", {href: s.url, rel: "noopener noreferrer", target: "_blank"}, s.name)
        : el("span", {class: "source-name"}, s.name);
      const facts = [s.attribution, s.grade ? `grade ${s.grade}` : "ungraded",
        s.published ? `published ${s.published}` : "no publication date"];
      return el("li", {class: "source", "data-grade": s.grade || ""},
        name, el("span", {class: "facts"}, ` — ${facts.join(", ")}`),
        s.quote ? el("q", {}, s.quote) : null);
    }));
  }

  function cell(label, ...children) {
    return el("td", {"data-label": label}, ...children);
  }

  const shortId = (id) => String(id || "").slice(0, 8);

  /** Which measure of a state answer this is, the same in /v1/state and /v1/why. */
  const measureKey = (m) => JSON.stringify([m.aspect, m.by, m.forum, (m.events || [])[0]]);

  /** A measure's "why": the action that opened it, then, breadth first, what each answered; a
   * disclosure only when there is more than that first action. Its `key` keeps it open when a
   * newer answer redraws the table. */
  function whyChain(m, because, openKeys) {
    if (!because) return el("span", {class: "none"}, "not known");
    if (because.length < 2) return el("span", {class: "none no-link"}, "no link recorded");
    const key = measureKey(m);
    const shown = new Set(because.map((step) => step.id));
    const steps = because.map((step) => {
      const answered = (step.responds_to || []).map((id) => [el("code", {class: "short-id", title: id}, shortId(id)),
        shown.has(id) ? "" : " (left out here)"]);
      const who = `${(step.by || []).join(", ")} → ${step.target}${step.forum ? ` in ${step.forum}` : ""}`;
      return el("li", {class: "why-step", "data-id": step.id, "data-type": step.type},
        el("span", {class: "when"}, step.on), " ", el("strong", {class: "type"}, step.type), " ",
        el("span", {class: "who"}, who), " ", el("code", {class: "short-id", title: step.id}, shortId(step.id)),
        answered.length ? el("span", {class: "answering"}, ", answering ",
          answered.flatMap((a, i) => (i ? [", ", ...a] : a))) : null,
        step.note ? el("span", {class: "detail"}, step.note) : null,
        sourceList(step.sources));
    });
    const details = el("details", {class: "why-chain", "data-key": key},
      el("summary", {}, "why", el("span", {class: "why-count"}, ` (${because.length} actions)`)),
      el("ol", {class: "chain", "aria-label": `Why ${m.aspect}: the action that opened it, then what each answered`},
        steps));
    details.open = openKeys.has(key);
    return details;
  }

  /** A table of measures; with `whyOf`, a last column says why each holds. */
  function measureTable(measures, caption, sourcesOf, whyOf = null) {
    const head = el("tr", {}, ["Measure", "By", "Since", "Certainty", "On whose word",
      "Caveats and notes", whyOf ? "Why" : null].filter(Boolean).map((h) => el("th", {scope: "col"}, h)));
    const rows = measures.map((m) => {
      const extra = [m.scope ? `scope: ${m.scope}` : "", m.condition ? `condition: ${m.condition}` : ""]
        .filter(Boolean);
      const remarks = [...(m.caveats || []), ...(m.notes || [])];
      return el("tr", {"data-aspect": m.aspect, "data-certainty": m.certainty, "data-by": m.by.join(",")},
        el("th", {scope: "row", "data-label": "Measure"},
          el("span", {class: "aspect"}, m.aspect), el("span", {class: "status"}, ` ${m.status}`),
          extra.length ? el("span", {class: "detail"}, extra.join("; ")) : null),
        cell("By", m.by.join(", "), m.forum ? ` in ${m.forum}` : ""),
        cell("Since", el("span", {class: "since"}, m.since),
          m.until ? el("span", {class: "until"}, `until ${m.until}`) : null),
        cell("Certainty", el("span", {class: m.certainty === "in force" ? "certain" : "uncertain"},
          m.certainty)),
        cell("On whose word", sourceList(sourcesOf(m))),
        cell("Caveats and notes", remarks.length
          ? el("ul", {class: "caveats"}, remarks.map((r) => el("li", {}, r)))
          : el("span", {class: "none"}, "none")),
        whyOf ? el("td", {"data-label": "Why", class: "why-cell"}, whyOf(m)) : null);
    });
    return el("table", {class: "measures", id: "state-table"},
      el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, rows));
  }

  /** The reading clocks and grade of a view, as asked (an answer gives as_known_at resolved to
   * the end of the day asked). */
  function lensText(v) {
    const parts = [];
    if (v.as_reported_at) parts.push(`as reported at ${v.as_reported_at}`);
    if (v.as_known_at) parts.push(`as known at ${v.as_known_at}`);
    if (v.min_grade) parts.push(`sources graded ${v.min_grade.toUpperCase()} or better`);
    return parts.length ? `, ${parts.join(", ")}` : "";
  }

  /** What the minimum grade and the reporting clock left out, in words; "" without either. */
  function leftOutText(answer) {
    const why = [];
    if (answer.min_grade) why.push(`no source graded ${answer.min_grade} or better`);
    if (answer.as_reported_at) why.push(`not yet published by ${answer.as_reported_at}`);
    const count = answer.left_out || 0;
    if (!count) {
      const by = [answer.min_grade ? `the minimum grade ${answer.min_grade}` : "",
        answer.as_reported_at ? `the reporting day ${answer.as_reported_at}` : ""].filter(Boolean);
      return by.length ? `nothing left out by ${by.join(" or ")}` : "";
    }
    const undated = answer.as_reported_at
      ? ` (of which ${answer.left_out_undated || 0} with no publication date)` : "";
    return `${count} action(s) left out${why.length ? `: ${why.join(", or ")}` : ""}${undated}`;
  }

  function showLeftOut(answer) {
    const line = $("left-out");
    const text = leftOutText(answer);
    line.hidden = !text;
    line.textContent = text ? `${text[0].toUpperCase()}${text.slice(1)}.` : "";
    line.classList.toggle("nothing-left-out", !answer.left_out);
    line.dataset.leftOut = String(answer.left_out || 0);
    line.dataset.leftOutUndated = String(answer.left_out_undated || 0);
  }

  /** `chains` is /v1/why's answer for the same view, or {problem} when it could not be had. */
  function renderState(answer, asked, chains) {
    const [x, y] = answer.pair;
    const title = `${x} – ${y} on ${answer.at}${lensText(asked)}`;
    setTitle(title);
    showLeftOut(answer);
    const box = $("state");
    if (!answer.measures.length) {
      box.replaceChildren(el("p", {class: "nothing", id: "state-table"},
        `Nothing held between ${x} and ${y} on ${answer.at}${lensText(asked)}.`));
      return;
    }
    const openKeys = new Set([...box.querySelectorAll("details.why-chain[open]")].map((d) => d.dataset.key));
    const because = new Map(((chains && chains.measures) || []).map((m) => [measureKey(m), m.because]));
    box.replaceChildren(measureTable(answer.measures,
      `${answer.measures.length} measure(s) in force between ${x} and ${y}`, (m) => m.sources,
      (m) => whyChain(m, because.get(measureKey(m)), openKeys)));
    if (chains && chains.problem) {
      box.append(el("p", {class: "why-problem"}, `Why each measure holds could not be read: ${chains.problem.message}`));
    }
  }

  function renderRoster(answer, asked) {
    const org = answer.organisation;
    setTitle(`${org} on ${answer.at}${lensText(asked)}`);
    showLeftOut(answer);
    const sourcesOf = (event) => (answer.sources || {})[event] || [];
    const groups = [["Members", answer.members], ["Partners", answer.partners],
      ["Suspended", answer.suspended], ["Applicants", answer.applicants]];
    const parts = [el("dl", {class: "roster", id: "state-table"}, groups.flatMap(([label, codes]) => [
      el("dt", {}, `${label} (${codes.length})`),
      el("dd", {"data-group": label.toLowerCase()}, codes.length ? codes.join(", ") : "none"),
    ]))];
    const standing = [
      ...answer.blocks.map((b) => ({...b, kind: "blocks the accession of"})),
      ...answer.vetoes.map((b) => ({...b, kind: "vetoes engagement with"})),
      ...answer.demands.map((b) => ({...b, kind: "demands the expulsion of"})),
    ];
    if (standing.length) {
      const head = el("tr", {}, ["Who", "What", "Whom", "Since", "On whose word"]
        .map((h) => el("th", {scope: "col"}, h)));
      parts.push(el("table", {class: "measures"},
        el("caption", {}, "Blocks, vetoes and demands"), el("thead", {}, head),
        el("tbody", {}, standing.map((s) => el("tr", {"data-kind": s.kind, "data-by": s.by},
          el("th", {scope: "row", "data-label": "Who"}, s.by), cell("What", s.kind), cell("Whom", s.target),
          cell("Since", s.since), cell("On whose word", sourceList(sourcesOf(s.event))))))));
    }
    if (answer.other_measures.length) {
      parts.push(measureTable(answer.other_measures, "Other measures",
        (m) => sourcesOf((m.events || [])[0])));
    }
    if (answer.caveats.length) {
      parts.push(el("ul", {class: "caveats"}, answer.caveats.map((c) => el("li", {}, c))));
    }
    $("state").replaceChildren(...parts);
  }

  function setTitle(text) {
    $("view-title").textContent = text;
    document.title = `${text} · dtl explorer`;
  }

  function renderDiff(answer) {
    const box = $("diff");
    const period = answer.reported_since
      ? `published after ${answer.reported_since} and by ${answer.as_reported_at || "today"}`
      : `from ${answer.from} to ${answer.to}`;
    const left = leftOutText(answer);
    $("diff-summary").textContent = `${answer.changes} change(s) ${period}${left ? `; ${left}` : ""}.`;
    box.replaceChildren(...answer.pairs.map((group) => el("section", {class: "diff-pair"},
      el("h4", {}, group.pair.join(" – ")),
      el("ul", {}, group.changes.map((c) => el("li",
        {class: "change", "data-aspect": c.aspect, "data-change": c.change, "data-news": c.news || ""},
        c.news ? el("span", {class: `news ${c.news}`}, c.news) : null,
        el("strong", {}, c.change), ` ${c.on} `, el("span", {class: "aspect"}, c.aspect),
        ` (${c.status}) by ${c.by.join(", ")}${c.forum ? ` in ${c.forum}` : ""}`,
        el("span", {class: "detail"}, `${c.event.type}; ${c.certainty}`),
        sourceList(c.event.sources)))))));
    if (!answer.pairs.length) box.replaceChildren(el("p", {class: "nothing"}, "Nothing opened or closed."));
  }

  function showProblem(error, where) {
    if (aborted(error)) return;
    const box = $("problem");
    if (error instanceof Problem && error.status === 401) needToken();
    const detail = error instanceof Problem ? error.message : `the server could not be reached (${error.message})`;
    box.replaceChildren(el("strong", {}, `${where}: `), detail);
    box.hidden = false;
  }

  function clearProblem() {
    const box = $("problem");
    box.hidden = true;
    box.replaceChildren();
  }

  // ---- loading ----------------------------------------------------------------------------

  const clocksOf = (v) => ({as_known_at: v.as_known_at, as_reported_at: v.as_reported_at,
    min_grade: v.min_grade});

  async function loadState() {
    const v = {...view};
    const signal = lane("state");
    try {
      let response;
      let chains = null;
      if (v.mode === "org") {
        response = await api(`v1/roster/${encodeURIComponent(v.org)}`, {at: v.at, ...clocksOf(v)}, signal);
      } else {
        // The chains behind the measures, asked beside the state with the same day, clocks and
        // grade, and drawn with it; never a rejection (a failure only leaves the chains out).
        const params = {x: v.x, y: v.y, at: v.at, ...clocksOf(v)};
        const why = api("v1/why", params, signal).then((r) => r.json()).catch((problem) => ({problem}));
        response = await api("v1/state", params, signal);
        chains = await why;
      }
      const answer = await response.json();
      if (signal.aborted) return;  // a newer answer is on its way
      clearProblem();
      if (v.mode === "org") renderRoster(answer, v);
      else renderState(answer, v, chains);
      adoptCodes(v, answer);
      follow(Number(response.headers.get("X-Dtl-Position")));
    } catch (error) {
      if (aborted(error)) return;
      $("state").replaceChildren();
      $("left-out").hidden = true;
      setTitle(v.mode === "org" ? `${v.org} on ${v.at}` : `${v.x} – ${v.y} on ${v.at}`);
      showProblem(error, "The answer");
    }
  }

  /** Names typed ("Turkey") become the codes the server resolved them to (TUR), in the form
   * and the URL. */
  function adoptCodes(asked, answer) {
    if (subjectKey(asked) !== subjectKey(view)) return;
    if (asked.mode === "org") {
      if (answer.organisation && answer.organisation !== view.org) view.org = $("org").value = answer.organisation;
    } else if (answer.pair) {
      const [x, y] = answer.pair;
      if (x !== view.x) view.x = $("x").value = x;
      if (y !== view.y) view.y = $("y").value = y;
    }
    if (subjectKey(asked) !== subjectKey(view)) loadedSubject = subjectKey(view);
    remember(false);
  }

  async function loadChart() {
    const v = {...view};
    const signal = lane("chart");
    const box = $("chart");
    const download = $("chart-download");
    try {
      const path = v.mode === "org" ? `v1/charts/roster/${encodeURIComponent(v.org)}` : "v1/charts/pair";
      const params = v.mode === "org" ? {} : {x: v.x, y: v.y};
      const span = {from: v.chart_from, to: v.chart_to};
      const response = await api(path, {...params, ...span, ...clocksOf(v), format: "svg"}, signal,
        "image/svg+xml");
      const text = await response.text();
      const svg = safeSvg(text);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-labelledby", "chart-caption");
      svg.id = "chart-svg";
      box.replaceChildren(svg);
      const name = v.mode === "org" ? v.org : `${v.x}-${v.y}`;
      $("chart-caption").textContent = v.mode === "org"
        ? `${v.org} over time${lensText(v)}: members, partners and what stood in their way (hover a bar `
          + "for its dates and sources)."
        : `${v.x} and ${v.y} over time${lensText(v)}, as dtl chart draws it (hover a bar or a marker for its `
          + "dates and sources).";
      if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
      download.href = URL.createObjectURL(new Blob([text], {type: "image/svg+xml"}));
      download.download = `dtl-${name}.svg`;
      download.hidden = false;
    } catch (error) {
      if (aborted(error)) return;
      if (error instanceof Problem && error.status === 401) needToken();
      box.replaceChildren(el("p", {class: "nothing", id: "chart-problem"}, `No chart: ${error.message}`));
      download.hidden = true;
    }
  }

  /** The server's SVG, parsed as XML and put in the page with nothing that could run. */
  function safeSvg(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (root.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
      throw new Error("the chart is not an SVG picture");
    }
    for (const bad of root.querySelectorAll("script, foreignObject")) bad.remove();
    for (const node of [root, ...root.querySelectorAll("*")]) {
      for (const attr of [...node.attributes]) {
        const value = attr.value.trim().toLowerCase();
        if (attr.name.toLowerCase().startsWith("on") || value.startsWith("javascript:")) {
          node.removeAttribute(attr.name);
        }
      }
    }
    root.removeAttribute("width");  // the viewBox keeps its shape; CSS sets its width
    root.removeAttribute("height");
    return document.importNode(root, true);
  }

  async function loadDiff() {
    const v = {...view};
    const signal = lane("diff");
    const params = {...clocksOf(v)};
    if (v.mode === "org") params.actor = v.org;
    else params.pair = `${v.x},${v.y}`;
    if (v.diff === "reported") {
      if (!v.reported_since) {
        $("diff-summary").textContent = "Choose a reporting day to compare with.";
        $("diff").replaceChildren();
        return;
      }
      params.reported_since = v.reported_since;
    } else {
      const to = v.to || (isDay(v.at) ? v.at : todayIso());
      params.to = to;
      params.from = v.from || addYears(to, -1);
    }
    try {
      const response = await api("v1/diff", params, signal);
      renderDiff(await response.json());
    } catch (error) {
      if (aborted(error)) return;
      $("diff").replaceChildren();
      $("diff-summary").textContent = `No comparison: ${error.message}`;
      $("diff-summary").dataset.problem = "true";
      return;
    }
    delete $("diff-summary").dataset.problem;
  }

  let loadedSubject = null;
  let readyMarked = false;

  /** Ask again what `parts` names (state, chart, diff, bounds), as the view now stands. */
  function load(parts) {
    if (!hasSubject(view)) {
      setTitle(view.mode === "org" ? "Pick an organisation" : "Pick two actors or an organisation");
      $("intro").hidden = false;
      for (const name of ["state", "chart", "diff", "bounds"]) lane(name);  // cancel what was asked
      for (const id of ["state", "chart", "diff"]) $(id).replaceChildren();
      $("diff-summary").textContent = "";
      $("left-out").hidden = true;
      $("chart-download").hidden = true;
      clearProblem();
      return Promise.resolve();
    }
    $("intro").hidden = true;
    const key = subjectKey(view);
    const jobs = [];
    if (parts.bounds || key !== loadedSubject) {
      loadedSubject = key;
      jobs.push(loadBounds({...view}));
    }
    if (parts.state) jobs.push(loadState());
    if (parts.chart) jobs.push(loadChart());
    if (parts.diff) jobs.push(loadDiff());
    return tracked(Promise.all(jobs)).then(() => {
      if (!readyMarked && parts.state && parts.chart) {
        readyMarked = true;  // benchmarks/web_page.py reads this mark: the first full view drawn
        performance.mark("dtl:view-ready");
        document.documentElement.dataset.ready = "true";
      }
    });
  }

  const EVERYTHING = {state: true, chart: true, diff: true};

  // What each control changes: the day asked about does not change the chart.
  const NEEDS = {
    at: {state: true, diff: true},
    as_reported_at: EVERYTHING,
    as_known_at: EVERYTHING,
    min_grade: EVERYTHING,
    chart_from: {chart: true},
    chart_to: {chart: true},
  };

  // ---- live: the event stream ------------------------------------------------------------

  const live = {controller: null, after: null};

  function setLive(state, text) {
    const status = $("live-status");
    status.dataset.live = state;
    status.textContent = text;
  }

  /** Follow the log from `position` (the one the view reflects), once; EventSource cannot send
   * a bearer header, so the stream is read with fetch, and resumed with Last-Event-ID. */
  function follow(position) {
    if (live.controller) return;
    if (Number.isFinite(position)) live.after = position;
    const controller = new AbortController();
    live.controller = controller;
    run(controller.signal);
  }

  function restartLive() {
    if (live.controller) live.controller.abort();
    live.controller = null;
    follow(live.after);
  }

  async function run(signal) {
    let wait = 1000;
    while (!signal.aborted) {
      try {
        const headers = {Accept: "text/event-stream"};
        const token = readToken();
        if (token) headers.Authorization = `Bearer ${token}`;
        if (live.after !== null) headers["Last-Event-ID"] = String(live.after);
        const response = await fetch("v1/events/stream", {headers, signal, cache: "no-store"});
        if (response.status === 401) {
          setLive("off", "live updates: need the read token");
          live.controller = null;  // the next answer with a token starts it again
          return;
        }
        if (!response.ok) throw new Error(`the stream answered ${response.status}`);
        setLive("on", "live: new actions show as they are recorded");
        wait = 1000;
        await readEvents(response.body, signal, (event) => {
          if (event.id && /^\d+$/.test(event.id)) live.after = Number(event.id);
          arrived(event);
        });
      } catch (error) {
        if (signal.aborted) return;
      }
      setLive("retrying", "live updates: reconnecting…");
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 30000);
    }
  }

  /** Server-sent events from a byte stream (the text/event-stream format, lines ending in
   * CR LF, LF or CR). */
  async function readEvents(body, signal, dispatch) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let event = {data: []};
    signal.addEventListener("abort", () => reader.cancel().catch(() => {}), {once: true});
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end < 0 || (buffer[end] === "\r" && end === buffer.length - 1)) break;  // CR LF may be split
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
        if (line === "") {
          if (event.data.length) dispatch({id: event.id, event: event.event, data: event.data.join("\n")});
          event = {data: []};
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let text = colon < 0 ? "" : line.slice(colon + 1);
          if (text.startsWith(" ")) text = text.slice(1);
          if (field === "data") event.data.push(text);
          else if (field === "id") event.id = text;
          else if (field === "event") event.event = text;
        }
      }
    }
  }

  function arrived(event) {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch (_) {
      return;
    }
    const who = (data.by || []).join(", ");
    const text = `${data.kind} ${data.type}: ${who} → ${data.target}${data.forum ? ` in ${data.forum}` : ""}`
      + `, on ${data.on}${data.responds_to ? `, answering ${shortId(data.responds_to)}` : ""}`;
    const feed = $("feed");
    feed.prepend(el("li", {"data-position": String(data.position), "data-kind": data.kind},
      el("span", {class: "position"}, `#${data.position}`), ` ${text}`));
    while (feed.children.length > FEED_LENGTH) feed.lastElementChild.remove();
    // A burst (an import) asks once, after it.
    later("live", () => load({...EVERYTHING, bounds: true}), 250);
  }

  // ---- actors: search as you type ---------------------------------------------------------

  function rank(actors, text) {
    const t = text.toUpperCase();
    const score = (a) => {
      const names = [a.name, ...(a.aliases || [])].map((n) => n.toUpperCase());
      if (a.code === t) return 0;
      if (names.includes(t)) return 1;
      if (a.code.startsWith(t)) return 2;
      if (names.some((n) => n.startsWith(t))) return 3;
      return 4;
    };
    return actors.map((a, i) => [score(a), i, a]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((p) => p[2]);
  }

  function combobox(input, kind) {
    const list = $(input.getAttribute("aria-controls"));
    let options = [];
    let active = -1;
    let controller = null;

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const highlight = (i) => {
      active = i;
      [...list.children].forEach((li, k) => li.setAttribute("aria-selected", k === i ? "true" : "false"));
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({block: "nearest"});
      }
    };
    const choose = (i) => {
      input.value = options[i].code;
      close();
      subjectChanged();
    };
    const show = (actors) => {
      options = actors.slice(0, 8);
      list.replaceChildren(...options.map((a, i) => {
        const li = el("li", {id: `${list.id}-${i}`, role: "option", "aria-selected": "false", "data-code": a.code},
          el("span", {class: "code"}, a.code), " ", el("span", {class: "name"}, a.name),
          el("span", {class: "kind"}, ` ${a.kind}`));
        li.addEventListener("mousedown", (e) => e.preventDefault());  // keep the focus in the field
        li.addEventListener("click", () => choose(i));
        return li;
      }));
      if (!options.length) {
        list.replaceChildren(el("li", {class: "empty", role: "option", "aria-disabled": "true"},
          `No actor matches “${input.value.trim()}”`));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    };

    input.addEventListener("input", () => {
      const text = input.value.trim();
      if (!text) {
        close();
        return;
      }
      later(`search-${input.id}`, async () => {
        if (controller) controller.abort();
        controller = new AbortController();
        try {
          const response = await api("v1/actors", {search: text, kind}, controller.signal);
          if (input.value.trim() === text) show(rank(await response.json(), text));
        } catch (error) {
          if (aborted(error)) return;
          close();
          showProblem(error, "The search");
        }
      }, 120, false);
    });
    input.addEventListener("keydown", (e) => {
      const open = !list.hidden && options.length;
      if (e.key === "ArrowDown" && open) {
        e.preventDefault();
        highlight((active + 1) % options.length);
      } else if (e.key === "ArrowUp" && open) {
        e.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // ---- wiring -----------------------------------------------------------------------------

  function subjectChanged() {
    view.mode = $("mode-org").checked ? "org" : "pair";
    view.x = $("x").value.trim();
    view.y = $("y").value.trim();
    view.org = $("org").value.trim();
    remember(true);
    load({...EVERYTHING, bounds: true});
  }

  /** Everything the form holds (Enter in any field, or Show). */
  function formChanged() {
    for (const name of [...CLOCKS, "chart_from", "chart_to", "from", "to", "reported_since"]) {
      const value = $(name).value.trim();
      if (name !== "at" || value) view[name] = value;
    }
    view.min_grade = $("min_grade").value;
    for (const name of CLOCKS) placeSlider(name);
    subjectChanged();
  }

  function clockChanged(name, push) {
    remember(push);
    later(`clock-${name}`, () => load(NEEDS[name]), 120);
  }

  function wire() {
    const grade = $("min_grade");
    for (const letter of Object.keys(RELIABILITY)) {
      const group = el("optgroup", {label: `${letter}: ${RELIABILITY[letter]}`});
      for (let digit = 1; digit <= 6; digit += 1) {
        group.append(el("option", {value: `${letter}${digit}`}, `${letter}${digit} or better`));
      }
      grade.append(group);
    }

    combobox($("x"), "");
    combobox($("y"), "");
    combobox($("org"), "organisation");

    for (const radio of [$("mode-pair"), $("mode-org")]) {
      radio.addEventListener("change", () => {
        view.mode = $("mode-org").checked ? "org" : "pair";
        showMode();
        subjectChanged();
      });
    }

    for (const name of CLOCKS) {
      const slider = $(`${name}-slider`);
      slider.addEventListener("input", () => {
        fromSlider(name);
        clockChanged(name, false);
      });
      $(name).addEventListener("change", () => {
        const value = $(name).value.trim();
        if (!value && name === "at") {
          $(name).value = view.at;  // the day asked about is required
          return;
        }
        view[name] = value;
        placeSlider(name);
        clockChanged(name, false);
      });
    }
    for (const button of document.querySelectorAll("button.now")) {
      button.addEventListener("click", () => {
        const name = button.dataset.now;
        view[name] = "";
        $(name).value = "";
        placeSlider(name);
        clockChanged(name, false);
      });
    }

    grade.addEventListener("change", () => {
      view.min_grade = grade.value;
      remember(false);
      load(NEEDS.min_grade);
    });

    for (const radio of [$("diff-days"), $("diff-reported")]) {
      radio.addEventListener("change", () => {
        view.diff = $("diff-reported").checked ? "reported" : "days";
        showDiffMode();
        remember(false);
        load({diff: true});
      });
    }
    for (const name of ["chart_from", "chart_to"]) {
      $(name).addEventListener("change", () => {
        view[name] = $(name).value.trim();
        remember(false);
        load(NEEDS[name]);
      });
    }
    for (const name of ["from", "to", "reported_since"]) {
      $(name).addEventListener("change", () => {
        view[name] = $(name).value.trim();
        remember(false);
        load({diff: true});
      });
    }

    $("view-form").addEventListener("submit", (e) => {
      e.preventDefault();
      formChanged();
    });

    $("token-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const token = $("token").value.trim();
      $("token").value = "";
      if (!token) {
        showTokenStatus("Enter the read token first.");
        return;
      }
      keepToken(token);
      restartLive();
      load({...EVERYTHING, bounds: true});
    });
    $("token-forget").addEventListener("click", () => {
      keepToken(null);
      restartLive();
    });

    // Leaving the page closes its stream at once (a page kept in the back-forward cache would
    // hold it open); coming back from that cache follows the log again.
    window.addEventListener("pagehide", () => {
      if (live.controller) live.controller.abort();
      live.controller = null;
    });
    window.addEventListener("pageshow", (e) => {
      if (e.persisted) load({...EVERYTHING, bounds: true});
    });

    window.addEventListener("popstate", () => {
      view = viewFromUrl();
      fillForm();
      load({...EVERYTHING, bounds: true});
    });
  }

  function start() {
    tokenFromFragment();
    showTokenStatus();
    view = viewFromUrl();
    wire();
    fillForm();
    remember(false);
    load({...EVERYTHING, bounds: true});
  }

  start();
})();

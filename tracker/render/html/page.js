/* The page's script (tracker export --format html).
 *
 * The page is written with its summary, chart and attention lists, and frames
 * for the rest. This script fills the frames from the record embedded as JSON:
 * the recurrence view, the commitments and the meetings are paged lists, a
 * source's paragraphs are built when a reader opens it or follows a link to
 * one. Filters and search live in the URL's query (?status=agreed&q=rail), so
 * a filtered view can be shared; a link (#c-ID, #m-ID, #s-SOURCE,
 * #p-SOURCE-N) builds its target and scrolls to it.
 *
 * Record text enters the page only as text nodes (`h` below), never as markup.
 *
 * Where things go: what the filters redraw is `REDRAWN` (near the end); the
 * parts of a meeting's entry are `MEETING_PARTS`; the chart's geometry must
 * stay that of chart.py (a test compares them).
 */
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  performance.mark("tracker:script");
  const record = JSON.parse($("record").textContent);
  performance.mark("tracker:parsed");
  const { head, meetings, commitments } = record;
  const SVG_NS = "http://www.w3.org/2000/svg";
  const GRID_UP_TO = 24; // meetings; more make the recurrence view a line of dots per commitment
  const PAGE = { recurrence: 100, commitments: 50, meetings: 25, changes: 10 };
  document.documentElement.classList.add("js");

  // Building elements: attributes set one by one, text as text nodes ----------------------------

  function h(tag, attributes, ...children) {
    return fill(document.createElement(tag), attributes, children);
  }

  function s(tag, attributes, ...children) {
    return fill(document.createElementNS(SVG_NS, tag), attributes, children);
  }

  function fill(element, attributes, children) {
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) element.setAttribute(name, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false || child === "") continue;
      element.append(typeof child === "object" ? child : String(child));
    }
    return element;
  }

  const number = (count) => count.toLocaleString("en-US");
  const plural = (count, word) => `${number(count)} ${word}${count === 1 ? "" : "s"}`;
  const partyName = (code) => `${head.parties[code] || code} (${code})`;

  // The record, indexed ------------------------------------------------------------------------------

  const byId = new Map();
  for (const c of commitments) byId.set(c.id, c);
  const meetingIndex = new Map();
  meetings.forEach((meeting, index) => meetingIndex.set(meeting.id, index));
  const sourceById = new Map();
  meetings.forEach((meeting, index) => {
    for (const source of meeting.sources) sourceById.set(source.id, { source, meeting: index });
  });
  const byFirstReport = commitments
    .slice()
    .sort((a, b) => cmp(a.first_mentioned, b.first_mentioned) || b.recurrence - a.recurrence || cmp(a.id, b.id));

  function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  const citations = new Map(); // source id -> paragraph -> [[commitment, mention index]], when first opened
  function citing(sourceId, paragraph) {
    if (!citations.has(sourceId)) {
      const bySource = new Map();
      for (const c of commitments) {
        c.mentions.forEach((m, i) => {
          if (m.source !== sourceId) return;
          if (!bySource.has(m.paragraph)) bySource.set(m.paragraph, []);
          bySource.get(m.paragraph).push([c, i]);
        });
      }
      citations.set(sourceId, bySource);
    }
    return citations.get(sourceId).get(paragraph) || [];
  }

  let paragraphs = null; // the second blob, parsed when a source is first opened
  function paragraphsOf(sourceId) {
    if (!paragraphs) paragraphs = JSON.parse($("paragraphs").textContent);
    return paragraphs[sourceId] || [];
  }

  let atMeeting = null; // meeting index -> commitments reported there, built on first need
  function reportedAt(index) {
    if (!atMeeting) {
      atMeeting = meetings.map(() => []);
      for (const c of commitments) {
        for (const m of c.mentions) {
          const here = atMeeting[m.meeting];
          if (here[here.length - 1] !== c) here.push(c); // a commitment's mentions come in date order
        }
      }
    }
    return atMeeting[index];
  }

  // Status history: after each meeting that reports it, the highest stage reached -----------------

  function statusSteps(c) {
    const steps = [];
    let stage = 0;
    for (const m of c.mentions) {
      let step = steps[steps.length - 1];
      if (!step || step.meeting !== m.meeting) steps.push((step = { meeting: m.meeting, kinds: [] }));
      step.kinds.push(m.kind);
      stage = Math.max(stage, head.stages[m.kind] || 0);
      step.stage = stage;
    }
    return steps;
  }

  function highestKind(kinds) {
    const rank = (kind) => (kind in head.stages ? head.stages[kind] : 0);
    return kinds.reduce((best, kind) => (rank(kind) > rank(best) ? kind : best), kinds[0]);
  }

  // Filters and search, kept in the URL's query --------------------------------------------------

  const FILTERS = ["q", "status", "theme", "by", "flag"];
  const inputs = Object.fromEntries(FILTERS.map((name) => [name, $("f-" + name)]));
  let state = readState();
  let words = [];
  const haystacks = new Map(); // commitment -> its words, folded, on the first search

  function readState() {
    const params = new URLSearchParams(location.search);
    const found = {};
    for (const name of FILTERS) {
      const value = params.get(name) || "";
      const input = inputs[name];
      const known = input.tagName !== "SELECT" || [...input.options].some((option) => option.value === value);
      found[name] = known ? value : ""; // a value this record does not have is ignored
    }
    return found;
  }

  function writeState() {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
    const query = params.toString();
    history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
  }

  function showState() {
    for (const name of FILTERS) inputs[name].value = state[name] || "";
    words = fold(state.q || "").split(/\s+/).filter(Boolean);
  }

  const active = () => FILTERS.some((name) => state[name]);

  // Like the tool's alias folding: case, diacritics (đ too), dashes.
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
      .toLowerCase();
  }

  function haystack(c) {
    if (!haystacks.has(c)) {
      const quotes = c.mentions.map((m) => m.quote || "");
      haystacks.set(c, fold([c.id, c.title || "", c.theme || "", ...(c.aliases || []), ...quotes].join("\n")));
    }
    return haystacks.get(c);
  }

  function passes(c) {
    return (
      (!state.status || c.status === state.status) &&
      (!state.theme || c.theme === state.theme) &&
      (!state.by || (c.by || []).includes(state.by)) &&
      (!state.flag || c[state.flag] === true) &&
      (!words.length || words.every((word) => haystack(c).includes(word)))
    );
  }

  // Paged lists -----------------------------------------------------------------------------------

  class Pages {
    constructor(name, size, build, box) {
      this.name = name;
      this.size = size;
      this.build = build;
      this.box = box || $(name + "-list");
      this.pager = $(name + "-pager");
      this.items = [];
      this.page = 0;
    }

    show(items) {
      this.items = items;
      this.page = 0;
      this.draw();
    }

    reveal(item) {
      const at = this.items.indexOf(item);
      if (at < 0) return false;
      if (Math.floor(at / this.size) !== this.page || !this.box.firstChild) {
        this.page = Math.floor(at / this.size);
        this.draw();
      }
      return true;
    }

    draw() {
      const start = this.page * this.size;
      this.box.replaceChildren(...this.items.slice(start, start + this.size).map(this.build));
      this.drawPager(start);
    }

    drawPager(start) {
      const pages = Math.ceil(this.items.length / this.size);
      if (pages <= 1) return this.pager.replaceChildren();
      const go = (page, label, text) =>
        h("button", { type: "button", "data-page": page, "aria-label": label, disabled: page === this.page || page < 0 || page >= pages }, text);
      const end = Math.min(start + this.size, this.items.length);
      this.pager.replaceChildren(
        go(0, "first page", "«"),
        go(this.page - 1, "previous page", "‹"),
        h("span", {}, `${number(start + 1)}–${number(end)} of ${number(this.items.length)}`),
        go(this.page + 1, "next page", "›"),
        go(pages - 1, "last page", "»"),
      );
    }

    turn(page) {
      this.page = page;
      this.draw();
      this.box.closest("section").scrollIntoView({ block: "start" });
    }
  }

  // A value the reports do not state ------------------------------------------------------------

  function stated(meeting, field, text, brief) {
    if (!(meeting.inferred || []).includes(field)) return text;
    const note = meeting.notes ? `Not stated by the reports; worked out: ${meeting.notes}` : "Not stated by the reports.";
    return h("span", { class: brief ? "inferred brief" : "inferred", tabindex: 0 }, text, h("sup", {}, "*"), h("span", { class: "tip", role: "note" }, note));
  }

  const place = (meeting, brief) => (meeting.place ? stated(meeting, "place", meeting.place, brief) : "place not given");

  function sideTag(side) {
    return side ? h("span", { class: "side", title: partyName(side) }, side) : null;
  }

  // A commitment's own timeline: its meetings placed by date, its status between them -----------

  const day = (iso) => Date.parse(iso) / 864e5;
  const firstDay = meetings.length ? day(meetings[0].date) : 0;
  const lastDay = meetings.length ? day(meetings[meetings.length - 1].date) : 0;
  const across = (iso) => (lastDay > firstDay ? 1 + (98 * (day(iso) - firstDay)) / (lastDay - firstDay) : 50);

  function mini(c) {
    const steps = statusSteps(c);
    const spans = steps.map((step, i) => {
      const status = head.stage_status[step.stage];
      const to = i + 1 < steps.length ? meetings[steps[i + 1].meeting].date : meetings[meetings.length - 1].date;
      const from = across(meetings[step.meeting].date);
      return status ? s("line", { class: `span span-${status}`, x1: `${from}%`, x2: `${Math.max(across(to), from)}%`, y1: "50%", y2: "50%" }) : null;
    });
    const dots = steps.map((step) => {
      const meeting = meetings[step.meeting];
      const kind = highestKind(step.kinds);
      const told = `${meeting.date} ${meeting.place || ""}: ${step.kinds.join(", ")}`;
      return s("circle", { class: `d-${kind}`, cx: `${across(meeting.date)}%`, cy: "50%", r: 5 }, s("title", {}, told));
    });
    return s("svg", { class: "mini", role: "img", "aria-label": "its meetings placed by date" }, s("line", { class: "base", x1: "1%", x2: "99%", y1: "50%", y2: "50%" }), spans, dots);
  }

  // The recurrence view ------------------------------------------------------------------------

  const grid = meetings.length <= GRID_UP_TO;

  function recurrenceHead() {
    const title = h("th", { scope: "col" }, "commitment");
    const count = h("th", { scope: "col", title: "meetings that report it" }, "n");
    if (grid) {
      const columns = meetings.map((meeting) =>
        h("th", { scope: "col", class: "meeting", title: (meeting.participants || []).join(", ") }, meeting.date, (meeting.inferred || []).includes("date") ? "*" : "", " · ", meeting.place || ""),
      );
      return h("thead", {}, h("tr", {}, title, columns, count));
    }
    return h("thead", {}, h("tr", {}, title, h("th", { class: "line" }, ticks()), count));
  }

  function ticks() {
    if (!meetings.length) return null;
    const first = +meetings[0].date.slice(0, 4);
    const last = +meetings[meetings.length - 1].date.slice(0, 4);
    const every = Math.max(1, Math.ceil((last - first + 1) / 8));
    const years = [];
    for (let year = first + 1; year <= last; year += 1) {
      if ((year - first) % every === 0 && across(`${year}-01-01`) < 94) years.push(year); // none cut at the edge
    }
    return h("div", { class: "ticks" }, years.map((year) => h("span", { style: `left:${across(`${year}-01-01`)}%` }, year)));
  }

  function recurrenceRow(c) {
    const name = h("th", { scope: "row" }, h("a", { href: `#c-${c.id}` }, c.title || c.id), h("span", { class: "id" }, c.id));
    const count = h("td", { class: "n" }, c.recurrence);
    if (!grid) return h("tr", {}, name, h("td", { class: "line" }, mini(c)), count);
    const kinds = meetings.map(() => []);
    for (const m of c.mentions) kinds[m.meeting].push(m.kind);
    const cells = kinds.map((found, at) => {
      if (!found.length) return h("td", {});
      const kind = highestKind(found);
      return h("td", { class: `k-${kind}`, title: `${meetings[at].date}: ${found.join(", ")}` }, head.symbols[kind]);
    });
    return h("tr", {}, name, cells, count);
  }

  function describeRecurrence() {
    if (!meetings.length) return "No meetings yet.";
    const span = `${plural(meetings.length, "meeting")} from ${meetings[0].date} to ${meetings[meetings.length - 1].date}`;
    return grid
      ? `${span}, one column each; commitments in the order they were first reported. Each cell is the highest kind of mention at that meeting.`
      : `${span}, placed by date: a dot for each meeting that reports the commitment, the line coloured by the status it had reached.`;
  }

  // A commitment ------------------------------------------------------------------------------------

  function card(c) {
    return h(
      "article",
      { class: "commitment", id: `c-${c.id}` },
      h("h3", {}, c.title || c.id),
      h("p", { class: "meta" }, facts(c)),
      c.reason ? h("p", { class: "reason" }, h("strong", {}, "Reason: "), c.reason) : null,
      c.notes ? h("p", { class: "notes" }, h("strong", {}, "Notes: "), c.notes) : null,
      due(c),
      mini(c),
      statusHistory(c),
      h("ol", { class: "mentions" }, c.mentions.map((m, i) => mentionItem(c, m, i))),
    );
  }

  function facts(c) {
    const parts = [h("code", {}, c.id), h("span", { class: `badge s-${c.status}` }, c.status || "no status")];
    if (c.theme) parts.push(`theme ${c.theme}`);
    if ((c.by || []).length) parts.push(`by ${c.by.map(partyName).join(", ")}`);
    const [first, last] = [c.mentions[0], c.mentions[c.mentions.length - 1]].map((m) => meetings[m.meeting]);
    const span = [stated(first, "date", c.first_mentioned, true)];
    if (last !== first) span.push(" to ", stated(last, "date", c.last_mentioned, true));
    parts.push([`${plural(c.recurrence, "meeting")}, `, span]);
    if ((c.sides || []).length) parts.push(`reported by ${c.sides.map(partyName).join(", ")} sources`);
    if (c.silent) parts.push(`silent for ${plural(c.silent, "meeting")}`);
    if (c.dormant) parts.push(h("span", { class: "flag" }, "dormant"));
    if (c.overdue) parts.push(h("span", { class: "flag" }, "overdue"));
    if ((c.related || []).length) parts.push(["related: ", c.related.map((id, i) => [i ? ", " : "", byId.has(id) ? h("a", { href: `#c-${id}` }, id) : id])]);
    if ((c.aliases || []).length) parts.push(`also called ${c.aliases.join("; ")}`);
    return parts.map((part, i) => [i ? " · " : "", part]);
  }

  function due(c) {
    if (!c.due) return null;
    // `due` is a date, with its words beside it (`due_words`) or, in another shape, around it.
    const words = typeof c.due === "object" ? c.due : { ...(c.due_words || {}), date: c.due };
    const where = words.source && words.paragraph ? h("a", { href: `#p-${words.source}-${words.paragraph}` }, `${words.source} ¶${words.paragraph}`) : null;
    return h(
      "p",
      { class: "due" },
      h("strong", {}, "Due "),
      words.date || "",
      words.quote ? [": “", words.quote, "”"] : "",
      where ? [" (", where, ")"] : "",
      words.note ? [". ", words.note] : "",
    );
  }

  function statusHistory(c) {
    const changes = statusSteps(c).filter((step, i, steps) => i === 0 || step.stage !== steps[i - 1].stage);
    return h(
      "ol",
      { class: "history", "aria-label": "status history" },
      h("li", { class: "muted" }, "Status history:"),
      changes.map((step) => h("li", {}, head.stage_status[step.stage] || "reaffirmed only", " ", h("span", { class: "muted" }, meetings[step.meeting].date))),
    );
  }

  function mentionItem(c, m, i) {
    const meeting = meetings[m.meeting];
    const found = sourceById.get(m.source);
    const source = found ? found.source : { outlet: m.source };
    const link = h("a", { href: `#p-${m.source}-${m.paragraph}`, "data-commitment": c.id, "data-mention": i }, `${m.source} ¶${m.paragraph}`);
    return h(
      "li",
      {},
      h("div", { class: "when" }, stated(meeting, "date", meeting.date, true), " · ", place(meeting, true), " · ", source.outlet || "", source.side ? [" ", sideTag(source.side)] : "", " · ", link, " · ", h("span", { class: `k-${m.kind}` }, m.kind)),
      h("blockquote", {}, m.quote || ""),
      m.note ? h("p", { class: "note" }, m.note) : null,
    );
  }

  // A meeting and its reports -------------------------------------------------------------------

  const MEETING_PARTS = [whoMet, reported, sourcesOf];

  function meetingCard(meeting) {
    const index = meetingIndex.get(meeting.id);
    return h(
      "article",
      { class: "meeting", id: `m-${meeting.id}` },
      h("h3", {}, stated(meeting, "date", meeting.date), " · ", place(meeting)),
      MEETING_PARTS.map((part) => part(meeting, index)),
    );
  }

  function whoMet(meeting) {
    const who = (meeting.participants || []).join(", ");
    return [
      h("p", { class: "who" }, who ? stated(meeting, "participants", who) : "participants not given", meeting.occasion ? [" · ", stated(meeting, "occasion", meeting.occasion)] : ""),
      meeting.notes ? h("p", { class: "notes muted" }, h("strong", {}, "Notes: "), meeting.notes) : null,
    ];
  }

  function reported(meeting, index) {
    const found = reportedAt(index);
    if (!found.length) return h("p", { class: "muted" }, "No commitment recorded from this meeting's reports.");
    const shown = found.slice(0, 30).map((c, i) => [i ? ", " : "", h("a", { href: `#c-${c.id}` }, c.id)]);
    return h("p", { class: "reported" }, `${plural(found.length, "commitment")} reported: `, shown, found.length > 30 ? ` and ${number(found.length - 30)} more` : "");
  }

  function sourcesOf(meeting) {
    return h("ul", { class: "sources" }, meeting.sources.map(sourceItem));
  }

  function sourceItem(source) {
    const url = /^https?:\/\//i.test(source.url || "") ? h("a", { href: source.url, rel: "noopener noreferrer nofollow" }, "original") : null;
    const headLine = h(
      "div",
      { class: "source-head" },
      h("strong", {}, source.outlet || source.id),
      sideTag(source.side),
      source.title ? h("span", {}, source.title) : null,
      h("span", { class: "muted" }, `${plural(source.paragraphs, "paragraph")}, ${number(source.cited)} cited · `, h("code", {}, source.id)),
      url,
      h("button", { type: "button", "data-source": source.id, "aria-expanded": "false" }, "Show paragraphs"),
    );
    return h("li", { class: "source", id: `s-${source.id}` }, headLine, source.notes ? h("p", { class: "notes muted" }, h("strong", {}, "Notes: "), source.notes) : null);
  }


  let followed = null; // [commitment id, mention index] of the quote link the reader followed

  function openSource(sourceId, open = true) {
    const item = $(`s-${sourceId}`);
    if (!item) return null;
    let list = item.querySelector("ol.paragraphs");
    if (open && !list) {
      list = h("ol", { class: "paragraphs" }, paragraphsOf(sourceId).map((text, i) => paragraph(sourceId, i + 1, text)));
      item.append(list);
    }
    if (list) list.hidden = !open;
    const button = item.querySelector("button[data-source]");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide paragraphs" : "Show paragraphs";
    return item;
  }

  function paragraph(sourceId, n, text) {
    const cites = citing(sourceId, n);
    const found = sourceById.get(sourceId);
    const review = ((found && found.source.reviewed) || []).find((entry) => entry.paragraph === n);
    const marks = cites.map(([c, i]) => ({ at: c.mentions[i].marks || [], followed: !!followed && followed[0] === c.id && followed[1] === i }));
    const by = [...new Set(cites.map(([c]) => c))].map((c, i) => [i ? ", " : "", h("a", { href: `#c-${c.id}` }, c.id)]);
    return h(
      "li",
      { id: `p-${sourceId}-${n}`, value: n },
      h("div", {}, marked(text, marks)),
      by.length ? h("div", { class: "cited-by" }, "cited by ", by) : null,
      review ? h("div", { class: "reviewed" }, "Reviewed, no commitment: ", review.reason || "") : null,
    );
  }

  function marked(text, marks) {
    const level = new Uint8Array(text.length);
    for (const { at, followed: strong } of marks) {
      for (let k = 0; k + 1 < at.length; k += 2) {
        for (let j = at[k]; j < Math.min(at[k + 1], text.length); j += 1) level[j] = Math.max(level[j], strong ? 2 : 1);
      }
    }
    const out = [];
    let start = 0;
    for (let j = 1; j <= text.length; j += 1) {
      if (j < text.length && level[j] === level[start]) continue;
      const piece = text.slice(start, j);
      out.push(level[start] ? h("mark", { class: level[start] === 2 ? "followed" : null }, piece) : piece);
      start = j;
    }
    return out;
  }

  // What changed at each meeting, and what each side said there ---------------------------------
  // Both come from the export (`changes`, `comparison` of each meeting): the tool's own reading, not redone here.

  const CHANGE_GROUPS = [
    ["new", "New: first reported"],
    ["advanced", "Advanced: the evidence rose"],
    ["reaffirmed", "Reaffirmed: reported, no new stage"],
    ["silent", "Silent: open, reported at the meeting before, not here"],
    ["overdue", "Newly overdue: open, and the deadline passed"],
  ];
  const newestFirst = meetings.filter((meeting) => meeting.changes).reverse();

  function changesCard(meeting) {
    const index = meetingIndex.get(meeting.id);
    const { changes, comparison } = meeting;
    const groups = CHANGE_GROUPS.map(([name, label]) => [name, label, changes[name].filter((entry) => byId.has(entry.id) && passes(byId.get(entry.id)))]);
    const counts = groups.filter(([, , found]) => found.length).map(([name, , found]) => `${number(found.length)} ${name === "overdue" ? "newly overdue" : name}`);
    const window = changes.from === changes.to ? changes.from : `${changes.from} to ${changes.to}`;
    return h(
      "article",
      { class: "changes", id: `w-${meeting.id}` },
      h("h3", {}, h("a", { href: `#m-${meeting.id}` }, stated(meeting, "date", meeting.date, true), " · ", place(meeting, true))),
      h("p", { class: "muted" }, `${counts.join(", ") || (active() ? "Nothing the filters keep changed" : "Nothing changed")} (${window}).`),
      groups.filter(([, , found]) => found.length).map(([name, label, found]) => changeGroup(name, label, found, index)),
      comparison ? sidesCompared(comparison, index) : null,
    );
  }

  function changeGroup(name, label, found, index) {
    const before = name === "silent" && index > 0 ? meetings[index - 1] : null;
    return h(
      "div",
      { class: `change-group g-${name}` },
      h("h4", {}, label, before ? h("span", { class: "muted" }, ` (${before.date} ${before.place || ""})`) : ""),
      h("ul", {}, found.map((entry) => changeItem(name, entry))),
    );
  }

  function changeItem(name, entry) {
    const c = byId.get(entry.id);
    const badge = (status) => h("span", { class: `badge s-${status}` }, status || "reaffirmed only");
    const stage = name === "advanced" ? [badge(entry.from_status), " → ", badge(entry.to_status)] : name === "overdue" ? h("span", { class: "flag" }, `due ${dueDate(c) || ""}`) : badge(entry.status);
    return h("li", {}, h("a", { href: `#c-${c.id}` }, c.title || c.id), " ", h("code", {}, c.id), " ", stage);
  }

  function sidesCompared(comparison, index) {
    const rows = comparison.rows.filter((row) => byId.has(row.id) && passes(byId.get(row.id)));
    const unattributed = comparison.unattributed.length ? ["unattributed"] : [];
    const columns = [...comparison.sides, ...unattributed];
    const kind = (value) => (value ? h("span", { class: `k-${value}` }, head.symbols[value], " ", value) : h("span", { class: "muted" }, "—"));
    const mark = (row) => (row.differ ? h("span", { class: "flag" }, "the sides differ") : row.one_sided ? h("span", { class: "flag" }, `only ${comparison.sides.find((side) => row.kinds[side])}`) : "");
    const line = (row) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, h("a", { href: `#c-${row.id}` }, byId.get(row.id).title || row.id), sideQuotes(row.id, index)),
        comparison.sides.map((side) => h("td", {}, kind(row.kinds[side]))),
        unattributed.length ? h("td", {}, kind(row.unattributed)) : null,
        h("td", {}, mark(row)),
      );
    return h(
      "div",
      { class: "compared" },
      h("h4", {}, "What each side said: ", comparison.sides.map((side, i) => [i ? ", " : "", partyName(side)])),
      h("div", { class: "scroll" }, h("table", { class: "sides" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "commitment"), columns.map((side) => h("th", { scope: "col" }, side)), h("th", {}))), h("tbody", {}, rows.map(line)))),
    );
  }

  function sideQuotes(id, index) {
    const c = byId.get(id);
    const here = c.mentions.map((m, i) => [m, i]).filter(([m]) => m.meeting === index);
    const said = here.map(([m, i]) => {
      const found = sourceById.get(m.source);
      const side = found && found.source.side;
      return h("li", {}, side ? sideTag(side) : h("span", { class: "side" }, "unattributed"), " ", h("span", { class: `k-${m.kind}` }, m.kind), " ", h("a", { href: `#p-${m.source}-${m.paragraph}`, "data-commitment": c.index, "data-mention": i }, `${m.source} ¶${m.paragraph}`), h("blockquote", {}, m.quote || ""));
    });
    return h("details", { class: "quotes" }, h("summary", {}, "quotes"), h("ul", {}, said));
  }

  // The summary, the chart and the attention lists, for the filtered commitments ---------------------------

  function drawSummary(list) {
    const counts = {};
    for (const c of list) counts[c.status] = (counts[c.status] || 0) + 1;
    const biggest = Math.max(0, ...Object.values(counts)) || 1;
    for (const row of document.querySelectorAll(".status-row")) {
      const count = counts[row.dataset.status] || 0;
      row.querySelector(".fill").setAttribute("style", `width:${Math.floor((100 * count) / biggest)}%`);
      row.querySelector(".count").textContent = number(count);
    }
    const counted = list.length === commitments.length ? plural(list.length, "commitment") : `${number(list.length)} of ${plural(commitments.length, "commitment")}`;
    $("summary-total").textContent = `${counted}, by status as of ${head.as_of}.`;
  }

  function chartSteps(c) {
    const best = new Map();
    for (const m of c.mentions) best.set(m.meeting, Math.max(best.get(m.meeting) || 0, head.stages[m.kind] || 0));
    const steps = [];
    let stage = null;
    for (const at of [...best.keys()].sort((a, b) => a - b)) {
      const now = Math.max(stage || 0, best.get(at));
      if (stage === null || now > stage) {
        steps.push([at, stage, now]);
        stage = now;
      }
    }
    return steps;
  }

  // How many commitments stood at each stage after each bar's last meeting: chart.series.
  function chartSeries(list, bins) {
    const change = Array.from({ length: bins }, () => [0, 0, 0, 0, 0]);
    for (const c of list) {
      for (const [at, old, now] of chartSteps(c)) {
        const b = Math.floor((at * bins) / meetings.length);
        change[b][now] += 1;
        if (old !== null) change[b][old] -= 1;
      }
    }
    let running = [0, 0, 0, 0, 0];
    return change.map((delta) => (running = running.map((count, stage) => count + delta[stage])));
  }

  // The tallest bar and, per stage, the path of its pieces of every bar: chart.paths.
  function chartPaths(counts) {
    const { bar, layers, gap_up_to: gapUpTo } = head.chart;
    const height = Math.max(0, ...counts.map((column) => column.reduce((a, b) => a + b, 0))) || 1;
    const gap = counts.length <= gapUpTo ? 2 : 0;
    const drawn = Object.fromEntries(layers.map((stage) => [stage, ""]));
    counts.forEach((column, position) => {
      let top = height;
      for (const stage of layers) {
        if (!column[stage]) continue;
        top -= column[stage];
        drawn[stage] += `M${position * bar + gap / 2} ${top}h${bar - gap}v${column[stage]}h${gap - bar}z`;
      }
    });
    return { height, drawn };
  }

  function drawChart(list) {
    const svg = $("chart-bars");
    if (!svg) return;
    const { bar, layers, names } = head.chart;
    const counts = chartSeries(list, +svg.dataset.bins);
    const { height, drawn } = chartPaths(counts);
    for (const path of svg.querySelectorAll("path")) path.setAttribute("d", drawn[path.dataset.stage]);
    svg.setAttribute("viewBox", `0 0 ${counts.length * bar} ${height}`);
    $("chart-max").textContent = number(height);
    const last = counts[counts.length - 1];
    const told = layers.filter((stage) => last[stage]).map((stage) => `${last[stage]} ${names[stage]}`);
    svg.setAttribute("aria-label", `Statuses after the last meeting: ${told.join(", ") || "none"}.`);
  }

  function drawAttention(list) {
    const orders = {
      dormant: (a, b) => cmp(a.last_mentioned, b.last_mentioned) || cmp(a.id, b.id),
      overdue: (a, b) => cmp(dueDate(a) || "", dueDate(b) || "") || cmp(a.id, b.id),
    };
    for (const [flag, order] of Object.entries(orders)) {
      const box = $(flag);
      const found = list.filter((c) => c[flag] === true).sort(order);
      box.querySelector(".count").textContent = number(found.length);
      box.querySelector("ul").replaceChildren(...found.slice(0, head.attention_shown).map((c) => attentionItem(flag, c)));
      const more = found.length - head.attention_shown;
      const line = box.querySelector(".more");
      line.replaceChildren(...(more > 0 ? [`and ${number(more)} more. `] : []), line.querySelector("button"));
    }
  }

  const dueDate = (c) => (c.due && typeof c.due === "object" ? c.due.date : c.due);

  function attentionItem(flag, c) {
    const last = meetings[c.mentions[c.mentions.length - 1].meeting];
    const when = flag === "dormant" ? ["last reported ", stated(last, "date", c.last_mentioned, true)] : `due ${dueDate(c) || ""}`;
    return h("li", {}, h("a", { href: `#c-${c.id}` }, c.title || c.id), " ", h("span", { class: "muted" }, when));
  }

  // Redrawing on a change of filters -------------------------------------------------------------

  const lists = {
    recurrence: new Pages("recurrence", PAGE.recurrence, recurrenceRow, h("tbody", {})),
    commitments: new Pages("commitments", PAGE.commitments, card),
    meetings: new Pages("meetings", PAGE.meetings, meetingCard),
    changes: new Pages("changes", PAGE.changes, changesCard),
  };
  $("recurrence-table").replaceChildren(recurrenceHead(), lists.recurrence.box);
  if (!grid) $("recurrence-table").classList.add("timeline");
  $("recurrence-about").textContent = describeRecurrence();

  const REDRAWN = [
    // [what, redraw(filtered commitments)]; the written page already shows the whole record.
    ["summary", drawSummary],
    ["chart", drawChart],
    ["attention", drawAttention],
    ["recurrence", () => lists.recurrence.show(byFirstReport.filter(passes))],
    ["commitments", (list) => lists.commitments.show(list)],
    ["changes", () => lists.changes.show(newestFirst)],
  ];

  let shown = commitments;

  function apply(first) {
    shown = commitments.filter(passes);
    const counted = active() ? `${number(shown.length)} of ${number(commitments.length)}` : number(commitments.length);
    $("shown").replaceChildren(counted, h("span", { class: "word" }, " commitments"));
    for (const [name, redraw] of REDRAWN) {
      if (first && !active() && ["summary", "chart", "attention"].includes(name)) continue;
      redraw(shown);
    }
  }

  function change(name, value) {
    state = { ...state, [name]: value };
    showState();
    writeState();
    apply(false);
  }

  function clearFilters(why) {
    state = {};
    showState();
    writeState();
    apply(false);
    if (why) notice(why);
  }

  function notice(text) {
    const old = $("notice");
    if (old) old.remove();
    const note = h("span", { class: "notice", id: "notice", role: "status" }, text);
    document.body.append(note);
    setTimeout(() => note.remove(), 8000);
  }

  // Following links: build the target, then scroll to it -----------------------------------------------

  function build(id) {
    let match;
    if ((match = /^c-(.+)$/.exec(id)) && byId.has(match[1])) return showCommitment(byId.get(match[1]));
    if ((match = /^m-(.+)$/.exec(id)) && meetingIndex.has(match[1])) return showMeeting(meetingIndex.get(match[1]));
    if ((match = /^w-(.+)$/.exec(id)) && meetingIndex.has(match[1])) return showChanges(meetings[meetingIndex.get(match[1])]);
    if ((match = /^s-(.+)$/.exec(id)) && sourceById.has(match[1])) return showSource(match[1]);
    if ((match = /^p-(.+)-(\d+)$/.exec(id)) && sourceById.has(match[1])) return showParagraph(match[1], +match[2]);
    // The markdown export's anchors: a commitment's bare id, `source-ID`, and `source-ID-N` for a paragraph.
    if (byId.has(id) && !document.getElementById(id)) return showCommitment(byId.get(id));
    if ((match = /^source-(.+)$/.exec(id)) && sourceById.has(match[1])) return showSource(match[1]);
    if ((match = /^source-(.+)-(\d+)$/.exec(id)) && sourceById.has(match[1])) return showParagraph(match[1], +match[2]);
    return document.getElementById(id);
  }

  function showCommitment(c) {
    if (!passes(c)) clearFilters(`Filters cleared to show ${c.id}.`);
    lists.commitments.reveal(c);
    return $(`c-${c.id}`);
  }

  function showMeeting(index) {
    lists.meetings.reveal(meetings[index]);
    return $(`m-${meetings[index].id}`);
  }

  function showChanges(meeting) {
    lists.changes.reveal(meeting);
    return $(`w-${meeting.id}`);
  }

  function showSource(sourceId) {
    showMeeting(sourceById.get(sourceId).meeting);
    return openSource(sourceId);
  }

  function showParagraph(sourceId, n) {
    const item = showSource(sourceId);
    const old = $(`p-${sourceId}-${n}`);
    if (!old) return item;
    const fresh = paragraph(sourceId, n, paragraphsOf(sourceId)[n - 1]); // the followed quote marked anew
    old.replaceWith(fresh);
    return fresh;
  }

  function reach(hash) {
    const id = decodeURIComponent(hash.replace(/^#/, ""));
    if (!id) return;
    const target = build(id);
    if (!target) return;
    barHeight(); // now, not when the resize observer next runs: the scroll below leaves room for the bar
    for (const old of document.querySelectorAll(".target")) old.classList.remove("target");
    if (target.matches("article, li")) target.classList.add("target");
    target.scrollIntoView({ block: "start" });
  }

  // Wiring -----------------------------------------------------------------------------------------

  const bar = $("bar");
  const toggle = $("filters-toggle");
  const barHeight = () => document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
  new ResizeObserver(barHeight).observe(bar);

  toggle.addEventListener("click", () => {
    const open = bar.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  for (const name of FILTERS.filter((name) => name !== "q")) {
    inputs[name].addEventListener("change", () => change(name, inputs[name].value));
  }
  let typing = null;
  inputs.q.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => change("q", inputs.q.value.trim()), 150);
  });
  $("f-clear").addEventListener("click", () => clearFilters());

  document.addEventListener("click", (event) => {
    const pageButton = event.target.closest("button[data-page]");
    if (pageButton) {
      const list = Object.values(lists).find((pages) => pages.pager.contains(pageButton));
      return list.turn(+pageButton.dataset.page);
    }
    const sourceButton = event.target.closest("button[data-source]");
    if (sourceButton) return openSource(sourceButton.dataset.source, sourceButton.getAttribute("aria-expanded") !== "true");
    const flagButton = event.target.closest("button[data-flag]");
    if (flagButton) {
      change("flag", flagButton.dataset.flag);
      return reach("#commitments");
    }
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    followed = link.dataset.mention ? [link.dataset.commitment, +link.dataset.mention] : null;
    if (link.hash === location.hash) {
      event.preventDefault();
      reach(link.hash); // the same hash again fires no hashchange
    }
  });
  window.addEventListener("hashchange", () => reach(location.hash));

  showState();
  apply(true);
  lists.meetings.show(meetings);
  if (location.hash) reach(location.hash);
  performance.mark("tracker:built");
})();

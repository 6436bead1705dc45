// The Explore page (generator/templates/explore.md.j2): every record as one list, narrowed
// by words and by facets, with the number of records behind each facet value.
//
// Facet values and counts come from Pagefind's filters, which the record pages declare in
// their hidden facets block: never from the visible text. Values of one facet combine with
// "or" (Norway or Sweden), facets with "and" (Norway and wave 2). The count beside a value is
// the number of records that choosing it would list, given the words and the other facets.
// The words and filters live in the page address (?q=asphalt&country=Norway&kind=Outcome):
// a reload or a link sent to a colleague opens the same list, and Back undoes a change.

import { count as countOf, element, excerptNode, labels, loadPagefind, resultData, say, UNAVAILABLE }
  from "./bbkb-pagefind.js";

const PAGE = 20; // records loaded at a time: each one is a small download
const SHORT = 10; // values of a long facet shown before "Show all"
const WAIT_MS = 250; // pause in typing before searching

const root = document.getElementById("bb-explore");
const facets = JSON.parse(root.dataset.bbExplore).facets; // [{filter, param, heading, order}]
const input = root.querySelector("#bb-explore-q");
const facetsBox = root.querySelector("[data-bb-facets]");
const clear = root.querySelector("[data-bb-clear]");
const status = root.querySelector("[data-bb-status]");
const list = root.querySelector("[data-bb-results]");
const more = root.querySelector("[data-bb-more]");
const fallback = document.querySelector("[data-bb-explore-fallback]");

let pagefind = null;
let kinds = []; // every record kind in the index: browsing lists record pages only
let state = readAddress();
let results = [];
let generation = 0;
let typing = false; // the last change to the address was typing: replace it, do not add
let timer = null;

start();

async function start() {
  let totals;
  try {
    pagefind = await loadPagefind();
    totals = await pagefind.filters();
  } catch (error) {
    const note = element("p", "bb-explore__unavailable", UNAVAILABLE);
    (fallback || root).before(note);
    list.setAttribute("aria-busy", "false"); // the note is the answer: nothing is coming
    return;
  }
  kinds = Object.keys(totals.kind || {});
  buildFacets(totals);
  // On narrow screens the filters start folded, so that the records come first.
  const details = root.querySelector("[data-bb-details]");
  details.open = matchMedia("(min-width: 60em)").matches
    || [...state.selected.values()].some((values) => values.size);
  if (fallback) fallback.hidden = true;
  root.hidden = false;
  showState();
  await run();
}

// --- the address -----------------------------------------------------------------------
function readAddress() {
  const params = new URLSearchParams(location.search);
  const selected = new Map(facets.map((f) => [f.filter,
    new Set(params.getAll(f.param).filter((value) => value !== ""))]));
  return { q: params.get("q") || "", selected };
}

function writeAddress(replace) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  for (const facet of facets) {
    for (const value of state.selected.get(facet.filter)) params.append(facet.param, value);
  }
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "");
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

window.addEventListener("popstate", () => {
  state = readAddress();
  typing = false;
  showState();
  run();
});

// --- the controls ------------------------------------------------------------------------
input.form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  changed(input.value, !typing);
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => changed(input.value, !typing), WAIT_MS);
});

function changed(query, push) {
  if (query.trim() === state.q.trim()) return;
  state.q = query;
  writeAddress(!push);
  typing = true;
  run();
}

facetsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (box.type !== "checkbox") return;
  const values = state.selected.get(box.dataset.bbFilter);
  if (box.checked) values.add(box.value);
  else values.delete(box.value);
  typing = false;
  writeAddress(false);
  run();
});

clear.addEventListener("click", () => {
  for (const values of state.selected.values()) values.clear();
  typing = false;
  writeAddress(false);
  showState();
  run();
  input.focus();
});

more.addEventListener("click", async () => {
  const first = list.children.length;
  const mine = generation;
  list.setAttribute("aria-busy", "true");
  try {
    await showResults(first + PAGE, mine);
  } catch (error) { // as in run(): the records' files are gone
    if (mine === generation) status.textContent = UNAVAILABLE;
  }
  if (mine !== generation) return; // a newer search owns the list
  list.setAttribute("aria-busy", "false");
  const next = list.children[first];
  if (next) next.querySelector("a").focus();
});

function buildFacets(totals) {
  const boxes = [];
  for (const facet of facets) {
    const values = orderedValues(facet, totals[facet.filter] || {});
    if (!values.length) continue;
    const fieldset = element("fieldset", "bb-facet");
    fieldset.dataset.bbFacet = facet.filter;
    fieldset.append(element("legend", "bb-facet__name", facet.heading));
    const ul = element("ul", "bb-facet__values");
    for (const value of values) {
      const checkbox = element("input");
      checkbox.type = "checkbox";
      checkbox.value = value;
      checkbox.dataset.bbFilter = facet.filter;
      const text = element("span", "bb-facet__value", value);
      text.append(" ", element("span", "bb-facet__count"));
      const label = element("label", "bb-facet__label");
      label.append(checkbox, " ", text);
      const li = element("li", "bb-facet__item");
      li.append(label);
      ul.append(li);
    }
    fieldset.append(ul);
    if (values.length > SHORT + 2) {
      const toggle = element("button", "bb-facet__more", say("showAll", { count: values.length }));
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", () => {
        const expanded = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(expanded));
        toggle.textContent = expanded ? say("showFewer") : say("showAll", { count: values.length });
        showState();
      });
      fieldset.append(toggle);
    }
    boxes.push(fieldset);
  }
  facetsBox.replaceChildren(...boxes);
}

// Kinds and waves in their natural order; short facets alphabetically; long ones with the
// most records first, so the first values shown are the useful ones.
function orderedValues(facet, totals) {
  const values = Object.keys(totals);
  const byName = (a, b) => a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
  if (facet.order.length) {
    const rank = (value) => (facet.order.includes(value) ? facet.order.indexOf(value)
      : facet.order.length);
    return values.sort((a, b) => rank(a) - rank(b) || byName(a, b));
  }
  if (values.length <= SHORT + 2) return values.sort(byName);
  return values.sort((a, b) => totals[b] - totals[a] || byName(a, b));
}

// Puts the words and ticks of `state` into the controls.
function showState() {
  if (document.activeElement !== input) input.value = state.q;
  let any = false;
  for (const fieldset of facetsBox.querySelectorAll("fieldset")) {
    const selected = state.selected.get(fieldset.dataset.bbFacet);
    const toggle = fieldset.querySelector(".bb-facet__more");
    const expanded = !toggle || toggle.getAttribute("aria-expanded") === "true";
    fieldset.querySelectorAll("li").forEach((li, index) => {
      const checkbox = li.querySelector("input");
      checkbox.checked = selected.has(checkbox.value);
      li.hidden = !(expanded || index < SHORT || checkbox.checked);
    });
    any = any || selected.size > 0;
  }
  clear.hidden = !any;
}

// --- searching ---------------------------------------------------------------------------
// Pagefind filters: each facet's values with "or", the facets with "and"; `except` leaves
// one facet out, to count what each of its values would give.
function pagefindFilters(except) {
  const filters = {};
  for (const facet of facets) {
    const values = [...state.selected.get(facet.filter)];
    if (facet.filter !== except && values.length) filters[facet.filter] = { any: values };
  }
  if (!filters.kind) filters.kind = { any: kinds };
  return filters;
}

// A search that fails (an index file gone, as while a new version of the site is being
// published) says so instead of staying busy.
async function run() {
  const mine = generation + 1;
  try {
    await search();
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = UNAVAILABLE;
    list.setAttribute("aria-busy", "false");
  }
}

async function search() {
  const mine = ++generation;
  const term = state.q.trim() || null;
  status.textContent = say("searching");
  list.setAttribute("aria-busy", "true");
  // Without words, the records from A to Z (a search ranks them by relevance).
  const sort = term ? {} : { sort: { title: "asc" } };
  const found = await pagefind.search(term, { filters: pagefindFilters(null), ...sort });
  const counts = {};
  for (const facet of facets) {
    let source = found;
    if (state.selected.get(facet.filter).size) {
      source = await pagefind.search(term, { filters: pagefindFilters(facet.filter) });
    }
    counts[facet.filter] = (source.filters || {})[facet.filter] || {};
  }
  if (mine !== generation) return; // a newer search has started
  results = found.results;
  showCounts(counts);
  showState();
  list.replaceChildren();
  await showResults(PAGE, mine);
  if (mine !== generation) return;
  status.textContent = summary(results.length, term);
  list.setAttribute("aria-busy", "false");
}

function showCounts(counts) {
  for (const checkbox of facetsBox.querySelectorAll("input[type=checkbox]")) {
    const count = counts[checkbox.dataset.bbFilter][checkbox.value] || 0;
    const label = checkbox.closest("label");
    label.querySelector(".bb-facet__count").textContent = `(${count})`;
    label.classList.toggle("bb-facet__label--none", count === 0 && !checkbox.checked);
  }
}

async function showResults(upTo, mine = generation) {
  const from = list.children.length;
  const items = await Promise.all(results.slice(from, upTo).map(resultData));
  if (mine !== generation) return;
  list.append(...items.map(resultItem));
  more.hidden = list.children.length >= results.length;
  more.textContent = say("showMore", { count: results.length - list.children.length });
}

function summary(count, term) {
  const records = countOf("oneRecord", "records", count);
  const words = term ? say("forTerm", { term }) : "";
  const filtered = [...state.selected.values()].some((values) => values.size);
  return `${records}${words}${filtered ? say("withFilters") : ""}`;
}

function resultItem(item) {
  const li = element("li", "bb-explore__item");
  const link = element("a", "bb-explore__title", item.title);
  link.href = item.url;
  li.append(link, " ", labels(item));
  if (item.excerpt) li.append(excerptNode(item.excerpt, "bb-result__excerpt"));
  return li;
}

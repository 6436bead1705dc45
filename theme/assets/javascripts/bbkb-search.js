// The header search (theme/partials/search.html): results as you type, from Pagefind.
// Keyboard: ArrowDown or Tab from the box into the results, arrows between them, Enter opens
// one, Escape closes; Enter in the box opens every result on the Explore page.

import { count as countOf, element, excerptNode, labels, loadPagefind, resultData, say, UNAVAILABLE }
  from "./bbkb-pagefind.js";

const SHOWN = 8; // results in the drop-down; the Explore page has them all
const WAIT_MS = 120; // pause in typing before searching

const box = document.querySelector("[data-bb-search]");
if (box) setUpSearch(box);
if (document.getElementById("bb-explore")) import("./bbkb-explore.js");

function setUpSearch(box) {
  const toggle = document.getElementById("__search"); // Material's open/closed switch (CSS)
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const status = box.querySelector("#bb-search-status");
  const list = box.querySelector("#bb-search-results");
  const all = box.querySelector("[data-bb-search-all]");
  const exploreUrl = new URL(form.getAttribute("action"), document.baseURI);
  let generation = 0;
  let timer = null;

  const isOpen = () => toggle && toggle.checked;
  const open = () => { if (toggle) toggle.checked = true; };
  const close = () => { if (toggle) toggle.checked = false; };
  const links = () => Array.from(list.querySelectorAll("a"));

  async function search(term) {
    const mine = ++generation;
    // The same words (a space typed, say) keep the results, and the focus of a reader who
    // has moved into them with the arrow keys.
    if (term && term === list.dataset.query) return;
    if (!term) {
      list.replaceChildren();
      delete list.dataset.query;
      all.parentElement.hidden = true;
      status.textContent = say("searchStart");
      return;
    }
    let pagefind;
    try {
      pagefind = await loadPagefind();
    } catch (error) {
      status.textContent = UNAVAILABLE;
      return;
    }
    const found = await pagefind.search(term);
    const items = await Promise.all(found.results.slice(0, SHOWN).map(resultData));
    if (mine !== generation) return; // a newer search has started
    list.replaceChildren(...items.map(resultItem));
    list.dataset.query = term; // the words these results are for
    const count = found.results.length;
    status.textContent = count === 0 ? say("noResults", { term })
      : countOf("oneResult", "results", count);
    exploreUrl.search = new URLSearchParams({ q: term }).toString();
    all.href = exploreUrl.href;
    // Explore lists records only (not the home or about pages), so it gives no count here.
    all.textContent = count > SHOWN ? say("everyResult") : say("theseResults");
    all.parentElement.hidden = count === 0;
  }

  input.addEventListener("focus", (event) => {
    // Coming back from the results (Escape, ArrowUp) leaves the search as it is.
    if (!box.contains(event.relatedTarget)) open();
    loadPagefind().catch(() => { status.textContent = UNAVAILABLE; });
  });
  input.addEventListener("input", () => {
    open();
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value.trim()), WAIT_MS);
  });
  form.addEventListener("reset", () => {
    setTimeout(() => { search(""); input.focus(); });
  });
  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) event.preventDefault();
  });

  // The header button of narrow screens opens the search with the cursor in the box.
  const button = document.querySelector(".bb-search-toggle");
  if (button) button.addEventListener("click", () => { open(); input.focus(); });

  box.addEventListener("keydown", (event) => {
    const found = links();
    const at = found.indexOf(document.activeElement);
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close();
      input.focus();
    } else if (event.key === "ArrowDown" && found.length) {
      event.preventDefault();
      open();
      found[Math.min(at + 1, found.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : found[at - 1]).focus();
    }
  });
  // Tabbing out of the search closes it (a click elsewhere lands on Material's overlay,
  // which closes it too).
  box.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
  });
  // "/" anywhere but in a field jumps to the search box, as in Material.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
}

function resultItem(item) {
  const link = element("a", "md-search-result__link");
  link.href = item.url;
  const article = element("article", "md-search-result__article md-typeset bb-result");
  article.append(element("p", "bb-result__title", item.title), labels(item));
  if (item.excerpt) article.append(excerptNode(item.excerpt, "bb-result__excerpt"));
  link.append(article);
  const li = element("li", "md-search-result__item");
  li.append(link);
  return li;
}

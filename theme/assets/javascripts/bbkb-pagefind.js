// Loads this site's Pagefind search bundle and turns its results into what the pages show.
// This file lies at <language's site>/assets/javascripts/, and the bundle, which holds the
// index of every language, at the root of the whole site: `searchRoot` leads there from the
// language's site. So the address is found from this file's own: the site works below any
// sub-path.

// The interface strings in the page's language (theme/main.html, generator/interface.py).
export const UI = JSON.parse(document.getElementById("bb-ui")?.textContent || "{}");

export const siteRoot = new URL("../../", import.meta.url);
const bundleRoot = new URL(UI.searchRoot || "", siteRoot);

// A string with its {placeholders} filled in.
export function say(name, values = {}) {
  return (UI[name] || name).replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

// "1 record", "2 records": the page language's plural rule picks the form.
const plural = new Intl.PluralRules(document.documentElement.lang || "en");
export function count(one, other, number) {
  return say(plural.select(number) === "one" ? one : other, { count: number.toLocaleString(document.documentElement.lang || "en") });
}

let loading = null;

// Pagefind is fetched on first use only: a page that is merely read downloads none of it.
export function loadPagefind() {
  if (!loading) {
    loading = import(new URL("pagefind/pagefind.js", bundleRoot).href).then(async (pagefind) => {
      await pagefind.options({ excerptLength: 24 });
      await pagefind.init();
      return pagefind;
    });
  }
  return loading;
}

// What a result shows: title, record kind and wave (page metadata written by the generator
// into the hidden facets block), address and excerpt.
export async function resultData(result) {
  const data = await result.data();
  const meta = data.meta || {};
  const filters = data.filters || {};
  return {
    url: data.url,
    title: meta.title || data.url,
    kind: meta.kind || (filters.kind || [])[0] || "",
    wave: meta.wave || "",
    excerpt: data.excerpt || "",
  };
}

// Pagefind escapes the page text and marks the matched words with <mark>; anything else
// that looks like a tag is dropped, in case.
export function excerptNode(excerpt, className) {
  const node = document.createElement("p");
  node.className = className;
  node.innerHTML = excerpt.replace(/<(?!\/?mark>)[^>]*>/g, "");
  return node;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Kind and wave as the record pages show them (bbkb.css).
export function labels(item) {
  const line = element("span", "bb-result__labels");
  if (item.kind) line.append(element("span", "bb-kind", item.kind));
  if (item.wave) line.append(" ", element("span", "bb-wave", item.wave));
  return line;
}

export const UNAVAILABLE = say("unavailable");

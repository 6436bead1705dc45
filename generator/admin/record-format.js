// How the editing app reads and writes a record (generator/cms.py): YAML as an editor writes
// it. A field the editor did not change is written back exactly as it was, byte for byte
// (its quotes, block text and comments); a changed or new field is written in the project's
// style: keys in the kind's order (the form's), multi-line text as a literal block, no line
// folding, quotes only where YAML needs them. Fields the form does not show are kept.
//
// `make vendor` bundles this file with the pinned `yaml` package into
// generator/vendor/record-format.js; the admin page loads it after Sveltia CMS.
import { isMap, parseDocument, stringify } from "yaml";

export const FORMAT = "bbkb-yaml";

// The text of each record as last read, by its id: the source of unchanged fields.
const originals = new Map();

// Key paths of the text fields ("criteria.*.text"), when the form shows them per language.
let textPaths = [];

export function configure(paths) {
  textPaths = paths.map((path) => path.split("."));
}

// Applies `change` to every value at `path` below `value` ("*" is each entry of a list).
function visit(value, path, change) {
  if (value === null || typeof value !== "object") return;
  const [step, ...rest] = path;
  const keys = step === "*" ? (Array.isArray(value) ? value.keys() : []) : [step];
  for (const key of keys) {
    if (!(key in value)) continue;
    if (rest.length) visit(value[key], rest, change);
    else value[key] = change(value[key]);
  }
}

const toLanguages = (text) =>
  typeof text === "string" || typeof text === "number" ? { en: String(text) } : text;

function toWritten(texts) {
  if (texts === null || typeof texts !== "object" || Array.isArray(texts)) return texts;
  const kept = Object.fromEntries(Object.entries(texts).filter(([, t]) => t !== "" && t != null));
  const keys = Object.keys(kept);
  return keys.length === 1 && keys[0] === "en" ? kept.en : kept;
}

function formShape(data) {
  const copy = structuredClone(data);
  for (const path of textPaths) visit(copy, path, toLanguages);
  return copy;
}

function fileShape(data) {
  const copy = structuredClone(data);
  for (const path of textPaths) visit(copy, path, toWritten);
  return copy;
}

// The source text of a record split into the lines before its first field and one piece of
// text per top-level field (from its key to the next key, with the comments in between).
export function pieces(text) {
  const doc = parseDocument(text);
  const data = doc.toJS() ?? {};
  const found = { head: text, fields: new Map(), data };
  if (!isMap(doc.contents) || !doc.contents.items.length) return found;
  const starts = doc.contents.items.map((pair) => pair.key.range[0]);
  found.head = text.slice(0, starts[0]);
  doc.contents.items.forEach((pair, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : text.length;
    let piece = text.slice(starts[index], end);
    if (!piece.endsWith("\n")) piece += "\n";
    found.fields.set(String(pair.key.value), piece);
  });
  return found;
}

export function fromFile(text) {
  const read = pieces(`${text}\n`);
  if (read.data && typeof read.data.id === "string") originals.set(read.data.id, read);
  return formShape(read.data);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const isEmpty = (value) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && !value.length) ||
  (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);

export function field(key, value) {
  return stringify(
    { [key]: value },
    { lineWidth: 0, minContentWidth: 0, indentSeq: true, blockQuote: "literal" },
  );
}

export function toFile(form) {
  const data = fileShape(form);
  const original = typeof data.id === "string" ? originals.get(data.id) : undefined;
  let text = original ? original.head : "";
  for (const [key, value] of Object.entries(data)) {
    const kept = original?.fields.get(key);
    if (kept !== undefined && same(original.data[key], value)) text += kept;
    else if (!isEmpty(value)) text += field(key, value);
  }
  for (const [key, kept] of original?.fields ?? []) {
    if (!(key in data)) text += kept; // a field the form does not show
  }
  return text;
}

if (typeof document !== "undefined" && window.CMS) {
  configure(JSON.parse(document.currentScript?.dataset.textFields || "[]"));
  window.CMS.registerCustomFormat(FORMAT, "yml", { fromFile, toFile });
}

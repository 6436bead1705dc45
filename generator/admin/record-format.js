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
  return read.data;
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

export function toFile(data) {
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

if (typeof window !== "undefined" && window.CMS) {
  window.CMS.registerCustomFormat(FORMAT, "yml", { fromFile, toFile });
}

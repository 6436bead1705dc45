// Tender template pages: the buyer's own selection. They choose the ambition level, untick
// criteria and set the bracketed values; the page shows the result at once and keeps it in
// its address (?level=core&off=ID,ID&ID.1=value), so reloading or sending the address
// restores it. "Copy as text" gives the selection for an e-procurement platform, and the
// Word file is made from the build's full document (downloads/<id>.docx), whose sections,
// criteria and values are tagged content controls (generator/word_export.py): unselected
// criteria and empty sections are removed and the values set, so no wording is written here.
// The zip library (fflate, theme/assets/vendor/) is loaded only when a download is asked for.
import { say } from "./bbkb-pagefind.js";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const FFLATE = new URL("../vendor/fflate/browser.js", import.meta.url);
const WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const LANGUAGE = document.documentElement.lang || "en";

const panel = document.querySelector(".bb-selection");
if (panel) start(panel);

function start(panel) {
  const criteria = [...document.querySelectorAll(".bb-criterion")]
    .map((element) => ({ element, box: element.querySelector(".bb-pick input") }))
    .filter((c) => c.box)
    .map(({ element, box }) => ({
      element,
      box,
      id: box.dataset.criterion,
      ambition: box.dataset.ambition,
      kind: box.dataset.kind,
      inputs: [...element.querySelectorAll(".bb-values input")],
    }));
  const levels = [...panel.querySelectorAll('input[name="bb-level"]')];
  const summary = panel.querySelector(".bb-selection__summary");
  const status = panel.querySelector(".bb-selection__status");
  const level = () => levels.find((radio) => radio.checked)?.value || "all";
  const chosen = (c) => c.box.checked && (level() === "all" || c.ambition === "core");
  // What a value reads as; characters XML cannot hold (from a pasted address) are dropped.
  const value = (input) => input.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").trim() || input.dataset.default;

  // The address -> the controls.
  const query = new URLSearchParams(location.search);
  for (const radio of levels) radio.checked = radio.value === (query.get("level") === "core" ? "core" : "all");
  const off = new Set((query.get("off") || "").split(",").filter(Boolean));
  for (const c of criteria) {
    c.box.checked = !off.has(c.id);
    for (const input of c.inputs) {
      const given = query.get(`${c.id}.${input.dataset.slot}`);
      if (given !== null) input.value = given;
    }
  }

  function update() {
    const address = new URLSearchParams(location.search);
    for (const key of [...address.keys()]) {
      if (key === "level" || key === "off" || criteria.some((c) => key.startsWith(`${c.id}.`))) address.delete(key);
    }
    if (level() === "core") address.set("level", "core");
    const unticked = criteria.filter((c) => !c.box.checked).map((c) => c.id);
    if (unticked.length) address.set("off", unticked.join(","));
    for (const c of criteria) {
      const outOfLevel = level() === "core" && c.ambition !== "core";
      c.box.disabled = outOfLevel;
      c.element.classList.toggle("bb-criterion--out", !chosen(c));
      for (const input of c.inputs) {
        const slot = c.element.querySelector(`.bb-criterion__text .bb-slot[data-slot="${input.dataset.slot}"]`);
        if (slot) slot.textContent = value(input);
        if (input.value.trim() && input.value.trim() !== input.dataset.default) address.set(`${c.id}.${input.dataset.slot}`, input.value.trim());
      }
    }
    const selected = criteria.filter(chosen);
    const plural = new Intl.PluralRules(LANGUAGE).select(selected.length) === "one" ? "selectionOne" : "selection";
    summary.textContent = say(plural, {
      count: selected.length.toLocaleString(LANGUAGE),
      total: criteria.length.toLocaleString(LANGUAGE),
      ids: selected.map((c) => c.id).join(", ") || "–",
    });
    panel.querySelector('[data-action="docx"]').disabled = !selected.length;
    panel.querySelector('[data-action="copy"]').disabled = !selected.length;
    const search = address.toString();
    history.replaceState(history.state, "", `${location.pathname}${search ? `?${search}` : ""}${location.hash}`);
  }

  // The selection as plain text: for each criterion, what the Word file holds for it.
  function asText() {
    const lines = [document.querySelector("article h1")?.textContent.trim() || document.title, location.href];
    let section = null;
    for (const c of criteria.filter(chosen)) {
      if (c.box.dataset.section !== section) {
        section = c.box.dataset.section;
        lines.push("", section.toUpperCase());
      }
      lines.push("", c.box.dataset.heading, c.box.dataset.label);
      const text = c.element.querySelector(".bb-criterion__text");
      for (const block of text.querySelectorAll("p, li")) {
        if (block.tagName === "P" && block.closest("li")) continue;
        lines.push(`${block.tagName === "LI" ? "- " : ""}${block.textContent.replace(/\s+/g, " ").trim()}`);
      }
      const table = c.element.querySelector("table");
      if (table) {
        const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
        for (const row of table.querySelectorAll("tbody tr")) {
          const cells = [...row.cells].map((cell) => cell.querySelector("a")?.href || cell.textContent.replace(/\s+/g, " ").trim());
          const [name, suggested, note, basis] = cells;
          const parts = [`${name}: ${headings[1]} ${suggested}`];
          if (note) parts.push(note);
          parts.push(`${headings[3]}: ${basis}`);
          lines.push(`  · ${parts.join(" – ")}`);
        }
      }
    }
    return `${lines.join("\n")}\n`;
  }

  // The Word file of the selection, made from the full document the build wrote.
  async function wordFile() {
    const link = [...document.querySelectorAll("a.bb-download")].find((a) => !/-core\.docx$/.test(a.getAttribute("href")));
    const [fflate, response] = await Promise.all([import(FFLATE.href), fetch(link.href)]);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const files = fflate.unzipSync(new Uint8Array(await response.arrayBuffer()));
    const xml = new DOMParser().parseFromString(fflate.strFromU8(files["word/document.xml"]), "application/xml");
    if (xml.getElementsByTagName("parsererror").length) throw new Error("word/document.xml");
    const selected = criteria.filter(chosen);
    const ids = new Set(selected.map((c) => c.id));
    const kinds = new Set(selected.map((c) => c.kind));
    const values = new Map(criteria.flatMap((c) => c.inputs.map((input) => [`parameter:${c.id}:${input.dataset.slot}`, value(input)])));
    for (const control of [...xml.getElementsByTagNameNS(W, "sdt")]) {
      const tag = control.getElementsByTagNameNS(W, "tag")[0]?.getAttributeNS(W, "val") || "";
      const [type, name] = tag.split(":");
      if ((type === "criterion" && !ids.has(name)) || (type === "section" && !kinds.has(name))) {
        control.remove();
      } else if (type === "parameter" && values.has(tag)) {
        const [first, ...rest] = [...control.getElementsByTagNameNS(W, "sdtContent")[0].getElementsByTagNameNS(W, "t")];
        first.textContent = values.get(tag);
        for (const t of rest) t.remove();
      }
    }
    let body = new XMLSerializer().serializeToString(xml);
    if (!body.startsWith("<?xml")) body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
    files["word/document.xml"] = fflate.strToU8(body);
    return new Blob([fflate.zipSync(files, { level: 6 })], { type: WORD_TYPE });
  }

  panel.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "reset") {
      for (const radio of levels) radio.checked = radio.value === "all";
      for (const c of criteria) {
        c.box.checked = true;
        for (const input of c.inputs) input.value = input.dataset.default;
      }
      update();
      status.textContent = say("selectionReset");
    } else if (action === "copy") {
      try {
        await navigator.clipboard.writeText(asText());
        status.textContent = say("selectionCopied");
      } catch (error) {
        status.textContent = say("selectionCopyFailed");
      }
    } else if (action === "docx") {
      status.textContent = say("selectionPreparing");
      try {
        const url = URL.createObjectURL(await wordFile());
        const save = Object.assign(document.createElement("a"), { href: url, download: `${panel.dataset.template}-selection.docx` });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent = say("selectionReady");
      } catch (error) {
        status.textContent = say("selectionFailed", { error: String(error.message || error) });
      }
    }
  });
  panel.addEventListener("change", update);
  for (const c of criteria) {
    c.box.addEventListener("change", update);
    for (const input of c.inputs) input.addEventListener("input", update);
  }

  for (const hidden of [panel, ...document.querySelectorAll(".bb-pick, .bb-values")]) hidden.hidden = false;
  update();
}

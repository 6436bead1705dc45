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
      note: element.querySelector(".bb-pick__note"), // why it is out at the core level
      ticked: true, // the buyer's choice, kept while the level leaves the criterion out
    }));
  const levels = [...panel.querySelectorAll('input[name="bb-level"]')];
  const summary = panel.querySelector(".bb-selection__summary");
  const status = panel.querySelector(".bb-selection__status");
  const level = () => levels.find((radio) => radio.checked)?.value || "all";
  const inLevel = (c) => level() === "all" || c.ambition === "core";
  const chosen = (c) => c.ticked && inLevel(c);
  const clean = (text) => text.replace(/\s+/g, " ").trim();
  // A link in a criterion's text: its words and, for a web or e-mail address, the address.
  const linkAndAddress = (a) => {
    const address = a.getAttribute("href") || "";
    const shown = /^(https?|mailto):/.test(address) ? ` (${address.replace(/^mailto:/, "")})` : "";
    return `${a.textContent}${shown}`;
  };
  // What a value reads as; characters XML cannot hold (from a pasted address) are dropped.
  const value = (input) => input.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").trim() || input.dataset.default;

  // The address -> the controls.
  const query = new URLSearchParams(location.search);
  for (const radio of levels) radio.checked = radio.value === (query.get("level") === "core" ? "core" : "all");
  const off = new Set((query.get("off") || "").split(",").filter(Boolean));
  for (const c of criteria) {
    c.ticked = !off.has(c.id);
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
    const unticked = criteria.filter((c) => !c.ticked).map((c) => c.id);
    if (unticked.length) address.set("off", unticked.join(","));
    for (const c of criteria) {
      // Outside the level, the box shows the criterion is out and says why; the buyer's
      // tick comes back with the level.
      const outOfLevel = !inLevel(c);
      c.box.checked = chosen(c);
      c.box.disabled = outOfLevel;
      if (c.note) c.note.hidden = !outOfLevel;
      if (outOfLevel && c.note) c.box.setAttribute("aria-describedby", c.note.id);
      else c.box.removeAttribute("aria-describedby");
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

  // The selection as plain text, as the Word file has it: what the page shows of each
  // criterion (the document model printed it, tender_document.py), block by block in the
  // Word file's order and form (word_export.py): its id and title, kind and level, text with
  // the values, parameters with their basis, why, how to verify, review date and sources.
  function asText() {
    const lines = [document.querySelector("article h1")?.textContent.trim() || document.title, location.href];
    const legend = panel.querySelector(".bb-selection__level legend");
    const held = levels.find((radio) => radio.checked)?.closest("label");
    if (legend && held) lines.push(say("labelled", { label: clean(legend.textContent), value: clean(held.textContent) }));
    let section = null;
    for (const c of criteria.filter(chosen)) {
      if (c.box.dataset.section !== section) {
        section = c.box.dataset.section;
        lines.push("", section.toUpperCase());
      }
      lines.push("", c.box.dataset.heading, c.box.dataset.label);
      for (const block of c.element.querySelectorAll(":scope > .bb-criterion__text > *, :scope > p, :scope > ul, :scope > ol, :scope table")) {
        if (block.matches(".bb-pick") || block.querySelector(".bb-ambition")) continue; // the lines above
        if (block.tagName === "TABLE") lines.push(...parameterLines(block));
        else if (block.tagName === "UL" || block.tagName === "OL") lines.push(...itemLines(block));
        else if (block.matches(".bb-criterion__meta")) lines.push(clean(textOf(block, (a) => a.getAttribute("href"))));
        else lines.push(clean(textOf(block, linkAndAddress)));
      }
    }
    return `${lines.join("\n")}\n`;
  }

  // Parameter, suggested value, how to choose and basis (a source by its address), one line each.
  function parameterLines(table) {
    const headings = [...table.querySelectorAll("thead th")].map((th) => clean(th.textContent));
    return [...table.querySelectorAll("tbody tr")].map((row) => {
      const [name, suggested, note, basis] = [...row.cells].map((cell) => cell.querySelector("a")?.getAttribute("href") || clean(cell.textContent));
      const parts = [say("labelled", { label: name, value: `${headings[1]} ${suggested}` })];
      if (note) parts.push(note);
      parts.push(say("labelled", { label: headings[3], value: basis }));
      return `  · ${parts.join(" – ")}`;
    });
  }

  // List items, each a line as in Word, nested lists after their item.
  function itemLines(list) {
    return [...list.children].flatMap((item, index) => [
      `${list.tagName === "OL" ? `${index + 1}.` : "-"} ${clean(textOf(item, linkAndAddress))}`,
      ...[...item.querySelectorAll(":scope > ul, :scope > ol")].flatMap(itemLines),
    ]);
  }

  // An element's text without its nested lists; `link` says what a link becomes.
  function textOf(element, link) {
    let text = "";
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) text += node.data;
      else if (node.nodeType !== Node.ELEMENT_NODE || node.matches("ul, ol")) continue;
      else if (node.tagName === "A") text += link(node);
      else text += textOf(node, link);
    }
    return text;
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
    // Which levels the file holds, in the words of the level the buyer chose.
    const held = levels.find((radio) => radio.checked)?.closest("label");
    if (held) values.set("levels", clean(held.textContent));
    for (const control of [...xml.getElementsByTagNameNS(W, "sdt")]) {
      const tag = control.getElementsByTagNameNS(W, "tag")[0]?.getAttributeNS(W, "val") || "";
      const [type, name] = tag.split(":");
      if ((type === "criterion" && !ids.has(name)) || (type === "section" && !kinds.has(name))) {
        control.remove();
      } else if ((type === "parameter" || type === "levels") && values.has(tag)) {
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
        c.ticked = true;
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
    c.box.addEventListener("change", () => {
      c.ticked = c.box.checked;
      update();
    });
    for (const input of c.inputs) input.addEventListener("input", update);
  }

  for (const hidden of [panel, ...document.querySelectorAll(".bb-pick, .bb-values")]) hidden.hidden = false;
  update();
}

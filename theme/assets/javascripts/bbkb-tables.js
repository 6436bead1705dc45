// Wide tables scroll sideways inside Material's wrapper (.md-typeset__scrollwrap) on narrow
// screens. A table without links then offers nothing to focus, and browsers such as Safari
// cannot scroll it from the keyboard (WCAG 2.1.1; axe: scrollable-region-focusable). Every
// wrapper that scrolls becomes a named region that takes focus, so arrow keys scroll it.
(() => {
  // The page's interface strings (theme/main.html); this plain script cannot import them.
  const ui = JSON.parse(document.getElementById("bb-ui")?.textContent || "{}");
  const heading = (el) => {
    const all = [...document.querySelectorAll("article h1, article h2, article h3, article h4")];
    const before = all.filter((h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    return before.length ? before[before.length - 1].textContent.trim() : "";
  };
  const mark = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const about = heading(wrap);
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", about ? (ui.table || "Table: {table} (scrolls sideways)").replace("{table}", about) : (ui.tableUntitled || "Table (scrolls sideways)"));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  };
  let timer;
  window.addEventListener("load", mark);
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(mark, 150); });
})();

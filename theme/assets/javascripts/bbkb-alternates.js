// The head names the Atom feeds (<link rel="alternate" type="application/atom+xml">) and the
// same page in the site's other languages (<link rel="alternate" hreflang>), as feed readers
// and search engines expect. Material for MkDocs takes every rel="alternate" link for the
// root of another language of the site and fetches sitemap.xml beside it (feeds/sitemap.xml,
// fr/outcomes/x/sitemap.xml, which do not exist): wasted requests and 404s on every page.
// Our language switcher already leads to the same page (theme/partials/languages.html).
// Readers and crawlers read the HTML as served; this runs before Material looks (deferred
// scripts run before DOMContentLoaded) and renames the links so that Material leaves them.
for (const link of document.querySelectorAll('link[rel="alternate"]')) {
  link.rel = link.hasAttribute("hreflang") ? "bb-alternate" : "feed";
}

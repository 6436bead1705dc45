// The head names the Atom feeds with <link rel="alternate" type="application/atom+xml">, as feed
// readers expect. Material for MkDocs takes every rel="alternate" link for another language
// of the site and fetches sitemap.xml beside it (feeds/sitemap.xml, which does not exist):
// a wasted request and a 404 on every page. Feed readers read the HTML as served; this runs
// before Material looks (deferred scripts run before DOMContentLoaded) and marks the feeds
// "feed" only, so that Material leaves them alone.
for (const link of document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')) {
  link.rel = "feed";
}

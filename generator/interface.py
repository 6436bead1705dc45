"""Interface strings the theme and its scripts show, in the language being written.

The theme's templates read them from the engine configuration (`config.extra.ui`) and the
scripts from a JSON block in every page (theme/main.html), so they come from the same
translation catalogue as the generated pages. Placeholders in braces are filled in by the
script: {count}, {term}, {table}.
"""

from __future__ import annotations

from .i18n import _, ngettext


def theme_strings() -> dict[str, str]:
    return {
        "site_information": _("Site information"),
        "about": _("About and sources"),
        "accessibility": _("Accessibility statement"),
        "legal_notice": _("Legal notice and privacy"),
        "open_data": _("Open data"),
        "footer_note": _(
            "Every fact on this site names its public source. This site sets no cookies and "
            "makes no requests to third parties."
        ),
        "edit_page": _("Suggest a change to this page"),
        "edit_folder": _("See the source files of this page"),
        "search": _("Search"),
        "search_form": _("Knowledge base"),
        "search_input": _("Search the knowledge base"),
        "search_clear": _("Clear"),
        "search_clear_label": _("Clear the search"),
        "search_results": _("Search results"),
        "search_start": _("Type to start searching"),
        "search_all": _("Show all results, with filters"),
        "browse_all": _("Browse all records"),
        "language": _("Language"),
        "untranslated": _("Not yet translated"),
        "not_found": _("404: page not found"),
        "not_found_text": _(
            "There is no page at this address: it may have moved, or the link may be mistyped."
        ),
        "go_home": _("Go to the home page"),
    }


def script_strings() -> dict[str, str]:
    """For theme/assets/javascripts/: each script reads its strings from the page."""
    return {
        "searchStart": _("Type to start searching"),
        "noResults": _("No results for “{term}”"),
        "oneResult": ngettext("{count} result", "{count} results", 1),
        "results": ngettext("{count} result", "{count} results", 2),
        "everyResult": _("See every result, with filters"),
        "theseResults": _("See these results with filters"),
        "unavailable": _(
            "Search is not available right now: its index could not be loaded. Reload the "
            "page to try again."
        ),
        "showAll": _("Show all {count}"),
        "showFewer": _("Show fewer"),
        "searching": _("Searching…"),
        "showMore": _("Show more records ({count} more)"),
        "oneRecord": ngettext("{count} record", "{count} records", 1),
        "records": ngettext("{count} record", "{count} records", 2),
        "forTerm": _(" for “{term}”"),
        "withFilters": _(" with the chosen filters"),
        "table": _("Table: {table} (scrolls sideways)"),
        "tableUntitled": _("Table (scrolls sideways)"),
        # tender templates: the buyer's own selection (bbkb-selection.js)
        "selectionOne": ngettext(
            "{count} of {total} criteria in your selection: {ids}",
            "{count} of {total} criteria in your selection: {ids}",
            1,
        ),
        "selection": ngettext(
            "{count} of {total} criteria in your selection: {ids}",
            "{count} of {total} criteria in your selection: {ids}",
            2,
        ),
        "selectionCopied": _(
            "Copied: paste the text into your e-procurement platform or document."
        ),
        "selectionCopyFailed": _(
            "The browser did not allow copying. Download the Word file instead."
        ),
        "selectionPreparing": _("Preparing your Word file…"),
        "selectionReady": _("Your Word file is ready: see your browser's downloads."),
        "selectionFailed": _(
            "The Word file could not be made ({error}). The downloads above still work."
        ),
        "selectionReset": _("Every criterion is selected again, with the suggested values."),
        # copy as text: a label and its value on one line ("Basis: Our suggestion")
        "labelled": _("{label}: {value}"),
    }

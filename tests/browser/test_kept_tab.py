"""The tab the browser tests share starts every test as a new browser context would: what one
test leaves behind cannot make another pass or fail."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

STATE = """() => [localStorage.length, sessionStorage.length, document.cookie]"""


def test_a_tab_left_in_any_state_comes_back_as_a_new_context_gives_it(_kept_tab):
    tab = _kept_tab.fresh()
    tab.open("")
    tab.page.evaluate(
        """() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');
                   document.cookie = 'left=1; path=/'; console.error('left behind'); }"""
    )
    tab.page.route("**/*.css", lambda route: route.abort())
    tab.page.set_viewport_size(PHONE)
    tab.page.context.new_page()
    tab.page.context.grant_permissions(["clipboard-read"])
    assert tab.page.evaluate(STATE) == [1, 1, "left=1"] and tab.errors()

    again = _kept_tab.fresh()
    assert (again.requests, again.errors()) == ([], [])
    assert again.page.context.pages == [again.page]
    assert again.page.viewport_size == DESKTOP
    again.open("")
    assert again.page.evaluate(STATE) == [0, 0, ""]
    assert [url for url in again.requests if url.endswith(".css")], "a stylesheet was requested"
    assert again.errors() == [], "the old route still refuses the stylesheets"
    permission = "navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)"
    assert again.page.evaluate(permission) != "granted"

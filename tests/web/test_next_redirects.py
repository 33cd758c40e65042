"""`next` after sign-in only ever leads to a path of this site; anything else lands on "/" (each role's landing page)."""

from __future__ import annotations

import pytest

from tests.web.conftest import Browser

HOSTILE = ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "//evil.example",
           "/\\evil.example", "/%5cevil.example", "https://evil.example/", "/%2f/evil.example",
           "javascript:alert(1)", " /inbox", "/%20/evil.example", "/%00/x", "evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_signed_in_user_is_never_sent_off_site(browser: Browser, target: str) -> None:
    browser.sign_in("officer.huongkhe")
    response = browser.client.get(f"/login?next={target}")
    assert response.status_code == 302
    assert response.location == "/"  # the landing page, which sends each role to its work


@pytest.mark.parametrize("target", ["/%09/evil.example", "/\n/evil.example", "//evil.example"])
def test_signing_in_with_a_hostile_next_lands_on_the_inbox(browser: Browser, target: str) -> None:
    browser.get("/login")
    response = browser.post("/login", {"username": "officer.huongkhe", "password": "ocop-demo-2026",
                                       "next": target})
    assert response.status_code == 302 and response.location == "/"


def test_a_path_of_this_site_with_its_query_is_kept(browser: Browser) -> None:
    browser.sign_in("officer.huongkhe")
    response = browser.client.get("/login?next=/inbox%3Fq%3DM%E1%BA%ADt%2520ong")
    assert response.status_code == 302 and response.location == "/inbox?q=M%E1%BA%ADt%20ong"

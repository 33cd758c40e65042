"""Sign-in, sign-out, CSRF and the language switch, through the pages."""

from __future__ import annotations

from tests.web.conftest import Browser


def test_pages_need_a_signed_in_user(browser: Browser) -> None:
    response = browser.get("/inbox")
    assert response.status_code == 302 and response.location.startswith("/login?next=/inbox")


def test_sign_in_shows_the_role_at_unit_and_sign_out_ends_the_session(browser: Browser) -> None:
    browser.sign_in("officer.huongkhe")
    page = browser.get("/inbox").get_data(as_text=True)
    assert "officer.huongkhe" in page and "commune_officer@18101" in page
    cookie = browser.client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert browser.post("/logout").status_code == 302
    assert browser.get("/inbox").status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(browser: Browser) -> None:
    browser.get("/login")
    response = browser.post("/login", {"username": "officer.huongkhe", "password": "nope-nope"})
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.get_data(as_text=True)
    assert browser.get("/inbox").status_code == 302


def test_a_post_without_the_csrf_token_is_rejected(browser: Browser) -> None:
    browser.sign_in("officer.huongkhe")
    response = browser.post("/logout", csrf=False)
    assert response.status_code == 400
    assert browser.get("/inbox").status_code == 200  # still signed in


def test_the_api_still_takes_bearer_tokens_without_csrf(browser: Browser) -> None:
    response = browser.client.post("/api/v1/auth/token",
                                   json={"username": "officer.huongkhe", "password": "ocop-demo-2026"})
    assert response.status_code == 200


def test_sign_in_redirects_only_to_same_site_paths(browser: Browser) -> None:
    browser.get("/login")
    response = browser.post("/login", {"username": "officer.huongkhe", "password": "ocop-demo-2026",
                                       "next": "//evil.example/x"})
    assert response.location == "/"


def test_vietnamese_by_default_and_english_on_request(browser: Browser) -> None:
    browser.sign_in("officer.huongkhe")
    assert "Việc cần làm" in browser.get("/inbox").get_data(as_text=True)
    browser.post("/language", {"lang": "en", "next": "/inbox"})
    page = browser.get("/inbox").get_data(as_text=True)
    assert "<h1>Inbox</h1>" in page and '<html lang="en">' in page

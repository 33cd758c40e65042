"""Changing one's password on the page: CSRF, errors next to the fields, other sessions end."""

from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import Browser

OFFICER = "officer.huongkhe"
NEW = "a-new-secret-2027"


def test_changing_the_password_keeps_this_browser_and_signs_out_the_others(
        browser_for: Callable[[str], Browser]) -> None:
    here, elsewhere = browser_for(OFFICER), browser_for(OFFICER)
    page = here.get("/password").get_data(as_text=True)
    assert "<h1>Đổi mật khẩu</h1>" in page and 'name="csrf_token"' in page
    assert here.post("/password", {"current_password": "ocop-demo-2026", "new_password": NEW,
                                   "confirm_password": NEW}, csrf=False).status_code == 400
    done = here.post("/password", {"current_password": "ocop-demo-2026", "new_password": NEW,
                                   "confirm_password": NEW})
    assert done.status_code == 302 and done.location == "/inbox"
    assert "Đã đổi mật khẩu" in here.get("/inbox").get_data(as_text=True)
    assert elsewhere.get("/inbox").status_code == 302  # signed out
    fresh = Browser(here.client.application.test_client())
    fresh.get("/login")
    assert fresh.post("/login", {"username": OFFICER, "password": "ocop-demo-2026"}).status_code == 401
    fresh.sign_in(OFFICER, NEW)


def test_the_errors_stand_next_to_their_fields(browser_for: Callable[[str], Browser]) -> None:
    here = browser_for(OFFICER)
    here.get("/password")
    wrong = here.post("/password", {"current_password": "not-it-at-all", "new_password": NEW,
                                    "confirm_password": NEW})
    assert wrong.status_code == 422
    assert 'id="current_password-error">Mật khẩu hiện tại không đúng.' in wrong.get_data(as_text=True)
    differ = here.post("/password", {"current_password": "ocop-demo-2026", "new_password": NEW,
                                     "confirm_password": NEW + "x"})
    assert 'id="confirm_password-error">Hai lần nhập mật khẩu mới không khớp nhau.' in differ.get_data(as_text=True)
    short = here.post("/password", {"current_password": "ocop-demo-2026", "new_password": "short",
                                    "confirm_password": "short"})
    assert 'id="new_password-error">Mật khẩu mới cần ít nhất 8 ký tự.' in short.get_data(as_text=True)
    assert here.get("/inbox").status_code == 200  # nothing changed, still signed in


def test_the_password_page_needs_a_signed_in_user(browser: Browser) -> None:
    response = browser.get("/password")
    assert response.status_code == 302 and response.location.startswith("/login?next=/password")

"""Passwords after the first one: a user changes their own (proving the current one), an administrator sets
another user's; either way whoever held the old password is signed out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import PASSWORDS, World, csrf_of, sign_in

NEW = "a-brand-new-pass-2"


def token_for(client: TestClient, who: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": password, "name": "t"})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def can_sign_in(client: TestClient, who: str, password: str) -> bool:
    r = client.post("/api/v1/auth/token", json={"username": who, "password": password, "name": "check"})
    return r.status_code == 201


def test_changing_my_password_keeps_this_token_and_signs_out_every_other(client: TestClient, world: World) -> None:
    this = token_for(client, "lawyer", PASSWORDS["lawyer"])
    other = token_for(client, "lawyer", PASSWORDS["lawyer"])
    r = client.put(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORDS["lawyer"], "new_password": NEW},
        headers=this,
    )
    assert r.status_code == 200, r.text
    assert r.json()["revoked_tokens"] >= 2  # the other token and the world's token
    assert client.get("/api/v1/users/me", headers=this).status_code == 200
    assert client.get("/api/v1/users/me", headers=other).status_code == 401
    assert client.get("/api/v1/users/me", headers=world.auth("lawyer")).status_code == 401
    assert not can_sign_in(client, "lawyer", PASSWORDS["lawyer"])
    assert can_sign_in(client, "lawyer", NEW)


def test_a_wrong_current_password_changes_nothing_and_counts_against_the_sign_in_limit(
    client: TestClient, world: World
) -> None:
    headers = world.auth("lawyer")
    for _ in range(5):
        r = client.put(
            "/api/v1/users/me/password",
            json={"current_password": "not-it-at-all", "new_password": NEW},
            headers=headers,
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "current_password"
        assert "当前密码不正确" in r.json()["detail"]
    r = client.put(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORDS["lawyer"], "new_password": NEW},
        headers=headers,
    )
    assert r.status_code == 429 and "Retry-After" in r.headers  # even the right one waits now
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200  # nothing was signed out


def test_a_new_password_that_is_the_old_one_or_too_short_is_refused_by_field(client: TestClient, world: World) -> None:
    headers = world.auth("lawyer")
    same = client.put(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORDS["lawyer"], "new_password": PASSWORDS["lawyer"]},
        headers=headers,
    )
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "new_password"
    short = client.put(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORDS["lawyer"], "new_password": "x"},
        headers=headers,
    )
    assert short.status_code == 422 and "new_password" in short.text
    assert can_sign_in(client, "lawyer", PASSWORDS["lawyer"])


def test_an_admin_sets_a_user_s_password_and_signs_them_out_but_nobody_else_may(
    client: TestClient, world: World
) -> None:
    refused = client.put("/api/v1/users/other/password", json={"password": NEW}, headers=world.auth("lawyer"))
    assert refused.status_code == 403
    own = client.put("/api/v1/users/admin/password", json={"password": NEW}, headers=world.auth("admin"))
    assert own.status_code == 422 and own.json()["errors"][0]["field"] == "username"
    missing = client.put("/api/v1/users/nobody/password", json={"password": NEW}, headers=world.auth("admin"))
    assert missing.status_code == 404
    r = client.put("/api/v1/users/lawyer/password", json={"password": NEW}, headers=world.auth("admin"))
    assert r.status_code == 200 and r.json()["revoked_tokens"] >= 1
    assert client.get("/api/v1/users/me", headers=world.auth("lawyer")).status_code == 401
    assert can_sign_in(client, "lawyer", NEW) and not can_sign_in(client, "lawyer", PASSWORDS["lawyer"])
    assert client.get("/api/v1/users/me", headers=world.auth("admin")).status_code == 200


def test_the_account_page_changes_my_password_and_my_other_browser_is_signed_out(
    client: TestClient, world: World, app: object
) -> None:
    with TestClient(world.app, base_url="http://testserver", follow_redirects=False) as laptop:
        sign_in(laptop, "lawyer")
        assert laptop.get("/cases").status_code == 200
        sign_in(client, "lawyer")
        page = client.get("/account")
        assert page.status_code == 200 and "修改我的密码" in page.text and "本浏览器" in page.text
        token = csrf_of(page.text)
        mismatch = client.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORDS["lawyer"],
                "new_password": NEW,
                "confirm_password": NEW + "x",
            },
        )
        assert mismatch.status_code == 422 and "两次输入的新密码不一致" in mismatch.text
        assert 'id="err-confirm_password"' in mismatch.text
        wrong = client.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": "wrong-password",
                "new_password": NEW,
                "confirm_password": NEW,
            },
        )
        assert wrong.status_code == 422 and "当前密码不正确" in wrong.text and "/ the current" not in wrong.text
        done = client.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORDS["lawyer"],
                "new_password": NEW,
                "confirm_password": NEW,
            },
        )
        assert done.status_code == 303
        assert "密码已修改" in client.get(done.headers["location"]).text  # this browser stays signed in
        gone = laptop.get("/cases")
        assert gone.status_code == 303 and gone.headers["location"].startswith("/login")


def test_a_form_without_the_csrf_token_changes_no_password(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    r = client.post(
        "/account/password",
        data={"current_password": PASSWORDS["lawyer"], "new_password": NEW, "confirm_password": NEW},
    )
    assert r.status_code == 403
    assert can_sign_in(client, "lawyer", PASSWORDS["lawyer"])


def test_signing_out_one_of_my_tokens_from_the_account_page(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    page = client.get("/account")
    tokens = client.get("/api/v1/auth/tokens", headers=world.auth("lawyer")).json()
    api_token = next(t for t in tokens if t["name"] == "test")
    assert f"/account/tokens/{api_token['id']}/revoke" in page.text
    r = client.post(f"/account/tokens/{api_token['id']}/revoke", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303
    assert client.get("/api/v1/users/me", headers=world.auth("lawyer")).status_code == 401
    # Another user's token id changes nothing.
    admin_tokens = client.get("/api/v1/auth/tokens", headers=world.auth("admin")).json()
    page = client.get("/account")
    client.post(f"/account/tokens/{admin_tokens[0]['id']}/revoke", data={"csrf_token": csrf_of(page.text)})
    assert client.get("/api/v1/users/me", headers=world.auth("admin")).status_code == 200


def test_an_admin_sets_a_password_on_the_users_page(client: TestClient, world: World) -> None:
    sign_in(client, "admin")
    page = client.get("/admin/users")
    assert "/admin/users/lawyer/password" in page.text and "/admin/users/admin/password" not in page.text
    short = client.post("/admin/users/lawyer/password", data={"csrf_token": csrf_of(page.text), "password": "x"})
    assert short.status_code == 422 and 'id="err-reset:lawyer"' in short.text
    r = client.post("/admin/users/lawyer/password", data={"csrf_token": csrf_of(page.text), "password": NEW})
    assert r.status_code == 303
    assert "lawyer" in client.get(r.headers["location"]).text
    assert client.get("/api/v1/users/me", headers=world.auth("lawyer")).status_code == 401
    assert can_sign_in(client, "lawyer", NEW)

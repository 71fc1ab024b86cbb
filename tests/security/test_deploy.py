import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from sources.services import article_ingest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="crosscheck.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="crosscheck.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(client, settings):
    get_user_model().objects.create_user("editor", password="right-password-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": "right-password-123"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_forms_need_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_pages_cannot_be_framed(client):
    assert client.get("/admin/login/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_article_carrying_a_script_tag_is_shown_as_text(client, django_capture_on_commit_callbacks):
    get_user_model().objects.create_superuser("admin", password="right-password-123")
    client.force_login(get_user_model().objects.get(username="admin"))
    text = "Officials said 40 people were killed in the floods. <script>alert('x')</script> The toll may rise, they said."
    with django_capture_on_commit_callbacks(execute=True):
        article = article_ingest(raw=text, outlet="Wire").article
    page = client.get(f"/admin/sources/article/{article.id}/change/").content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(" in page

"""API test set-up: users with roles, API clients with keys, and a clean throttle cache."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.admin import factories
from tests.api import factories as api_factories
from workbench.platform.models import ApiClient


@pytest.fixture(autouse=True)
def clean_throttles():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_key(user, name: str = "tool") -> tuple[ApiClient, str]:
    client = ApiClient(name=name, user=user)
    key = client.set_new_key()
    client.save()
    return client, key


def keyed(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


@pytest.fixture
def viewer_key(db):
    return make_key(factories.viewer("vera"), "dashboard")


@pytest.fixture
def editor_key(db):
    return make_key(factories.editor("edna"), "desk-bot")


@pytest.fixture
def viewer_api(viewer_key):
    return keyed(viewer_key[1])


@pytest.fixture
def editor_api(editor_key):
    return keyed(editor_key[1])


@pytest.fixture
def paris(db):
    return api_factories.paris_toll()

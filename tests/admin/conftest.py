import pytest

from tests.admin import factories


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def viewer(db):
    return factories.viewer()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def syria(db):
    return factories.syria_toll()


@pytest.fixture
def paris(db):
    return factories.paris_toll()

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture
def seed(db, media_root):
    """seed(**options) -> what `fixloop seed` printed, into this test's own (empty) database."""

    def run(**options) -> str:
        out = StringIO()
        call_command("seed", stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture(scope="module")
def _demo_of_this_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data set, seeded once for the tests of a module (seeding takes seconds) and
    committed; each test's own changes roll back with its transaction, and the module's end empties
    the database again. A module using it holds only tests of the seeded demo."""
    media = tmp_path_factory.mktemp("demo-media")
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast_hashing), django_db_blocker.unblock():
        out = StringIO()
        call_command("seed", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_of_this_module, db) -> str:
    """The demo data set, as `make demo` loads it; what `fixloop seed` printed."""
    return _demo_of_this_module

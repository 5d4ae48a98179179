from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db, media_root):
    """seed(**options) -> what `fixloop seed` printed."""

    def run(**options) -> str:
        out = StringIO()
        call_command("seed", stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def demo(seed) -> str:
    """The demo data set, as `make demo` loads it."""
    return seed()

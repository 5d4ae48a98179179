"""Paths of secret-link pages: the same as reverse() gives, also under a script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from fixloop.core import tokens
from fixloop.portal import links


@pytest.mark.parametrize(
    "url_name", ["portal:case", "portal:embed_case", "portal:estimate", "portal:approvals"]
)
@pytest.mark.parametrize("prefix", ["/", "/werkstatt/"])
def test_paths_with_a_token_are_what_reverse_gives(url_name, prefix):
    token = tokens.derive(b"test:", tokens.new_nonce(), "key")
    set_script_prefix(prefix)
    try:
        expected = reverse(url_name, kwargs={"token": token})
        assert links.path_with_token(url_name, token) == expected
        assert expected.startswith(prefix) and token in expected
    finally:
        set_script_prefix("/")

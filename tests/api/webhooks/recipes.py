"""The verification recipes exactly as docs/webhooks.md shows them."""

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"


def snippet(heading: str, language: str) -> str:
    text = DOC.read_text()
    section = text.split(f"### {heading}\n", 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def python_verify():
    """The `verify` function of the Python recipe."""
    namespace: dict = {}
    exec(compile(snippet("In Python", "python"), str(DOC), "exec"), namespace)  # noqa: S102
    return namespace["verify"]


def shell_recipe() -> str:
    return snippet("In a shell", "sh")

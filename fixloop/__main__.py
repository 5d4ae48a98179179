"""The `fixloop` command: Django's manage.py under the product's name."""

import sys


def main() -> None:
    from fixloop import startup

    startup.load_settings()  # a bad setting: one line, no traceback
    if sys.argv[1:2] == ["runserver"]:
        startup.setup()  # with DEBUG off, collect the static files the pages need first
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

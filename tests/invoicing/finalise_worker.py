"""A separate OS process that finalises invoices (test_numbering.py runs two of them at once).

    python -m tests.invoicing.finalise_worker START_FILE ID [ID …]

Waits until START_FILE exists, then finalises each invoice in turn; prints "final refused" counts.
"""

import os
import sys
import time
from pathlib import Path


def main(start_file: str, ids: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fixloop.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from fixloop.core.actor import Actor
    from fixloop.invoicing import services
    from fixloop.invoicing.models import Invoice

    by = Actor.system("finalise worker")
    while not Path(start_file).exists():
        time.sleep(0.01)
    final = refused = 0
    for pk in ids:
        try:
            services.finalise(Invoice.objects.get(pk=pk), by=by)
            final += 1
        except ValidationError:
            refused += 1
    print(final, refused)


if __name__ == "__main__":
    main(sys.argv[1], [int(value) for value in sys.argv[2:]])

#!/usr/bin/env python
"""Django's command-line utility; the same as the `fixloop` console script."""

from fixloop.__main__ import main

if __name__ == "__main__":
    main()

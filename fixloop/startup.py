"""What every way of starting Fixloop does first: the `fixloop` command (fixloop/__main__.py) and the
web servers' entry points (fixloop/wsgi.py, fixloop/asgi.py).

- A bad setting (config.BadSetting) stops start-up with one line naming the variable and what it
  expects, instead of a traceback.
- With DEBUG off, pages name their stylesheet and script by the hashed names in collectstatic's
  manifest, and WhiteNoise serves them from STATIC_ROOT: without the manifest every page would fail.
  So a server that finds the static files not collected (or a file of this version missing from
  them) collects them itself before it serves, once for all its processes; if it cannot (STATIC_ROOT
  not writable), it stops with one line saying what to run.
"""

import os
import sys
from pathlib import Path

# gunicorn's "App failed to load": its master stops instead of starting new workers for ever.
EXIT_CODE = 4


def stop(message: str) -> None:
    sys.stderr.write(f"fixloop: {message}\n")
    sys.stderr.flush()
    raise SystemExit(EXIT_CODE)


def load_settings() -> None:
    """Read the settings, or stop with the bad setting's one line."""
    from fixloop.config import BadSetting

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fixloop.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading one setting loads them all)
    except BadSetting as error:
        stop(str(error))


def setup() -> None:
    """Settings and apps loaded, static files ready: what a web server needs before its first request."""
    import django

    load_settings()
    django.setup(set_prefix=False)
    ensure_static_files()


def missing_static_files() -> list[str]:
    """The static files of this version that collectstatic's manifest does not list (all of them
    when there is no manifest); [] when the storage needs no manifest (DEBUG)."""
    from django.apps import apps
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    try:
        listed, _hash = staticfiles_storage.load_manifest()  # {} when there is no manifest
    except ValueError:  # unreadable: collecting writes a new one
        listed = {}
    ignored = apps.get_app_config("staticfiles").ignore_patterns  # what collectstatic leaves out
    shipped = {path for finder in finders.get_finders() for path, _storage in finder.list(ignored)}
    return sorted(shipped - set(listed))


def ensure_static_files() -> None:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    try:
        if not missing_static_files():
            return
        # One process collects, the others (gunicorn's other workers) wait and then find them there.
        root.parent.mkdir(parents=True, exist_ok=True)
        with open(root.parent / f".{root.name}.lock", "w") as lock:
            _hold(lock)
            if missing_static_files():
                call_command("collectstatic", interactive=False, verbosity=0)
        # This process read the missing (or outdated) manifest when it first looked: read the new one.
        staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = (
            staticfiles_storage.load_manifest()
        )
    except OSError as error:
        stop(
            f"the static files are not collected in {root} and this process cannot collect them "
            f"({error.strerror or error}): run `fixloop collectstatic --no-input` as a user who may "
            "write there, or set FIXLOOP_DATA_DIR to a folder this process may write to."
        )


def _hold(lock) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: one process at a time is then the operator's job
        return
    fcntl.flock(lock, fcntl.LOCK_EX)

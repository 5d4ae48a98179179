from fixloop import startup

startup.setup()  # a bad setting stops here in one line; static files are collected if they are not

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

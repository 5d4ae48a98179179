import os
import signal
import socket
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from fixloop.demo.logins import DEMO_LOGINS, DEMO_PORTAL_LOGIN

HOST = "127.0.0.1"
STARTUP_SECONDS = 30
STOP_SECONDS = 10


class Shutdown(Exception):
    """Ctrl-C or SIGTERM: stop the demo."""


def _shutdown(signum, frame):
    raise Shutdown


class Command(BaseCommand):
    help = (
        "Run the demo: the web server, the background worker and the scheduler, with the URLs and demo "
        "logins. Ctrl-C stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port of the web server (default 8000).")

    def handle(self, *args, port: int, **options):
        self._check_port_free(port)
        env = os.environ.copy()
        env.setdefault("SITE_URL", f"http://{HOST}:{port}")  # links in messages point at this server
        fixloop = [sys.executable, "-m", "fixloop"]
        commands = {
            "web server": [*fixloop, "runserver", f"{HOST}:{port}", "--noreload"],
            "worker": [*fixloop, "worker"],
            "scheduler": [*fixloop, "scheduler"],
        }
        # Each child gets its own process group, so Ctrl-C in the terminal reaches only this process,
        # which then stops each child exactly once (a second signal makes the worker abort its task).
        children = {
            name: subprocess.Popen(command, env=env, process_group=0)  # noqa: S603 (our own commands)
            for name, command in commands.items()
        }
        previous = {number: signal.signal(number, _shutdown) for number in (signal.SIGINT, signal.SIGTERM)}
        stopped = None
        try:
            stopped = self._wait_until_listening(port, children)
            if stopped is None:
                self._print_banner(port)
                stopped = self._watch(children)
        except Shutdown:
            self.stdout.write("\nStopping the demo…")
        finally:
            for number in previous:  # stopping takes a moment; let it finish
                signal.signal(number, signal.SIG_IGN)
            self._stop(children)
            for number, handler in previous.items():
                signal.signal(number, handler)
        if stopped:
            raise CommandError(
                f"The {stopped} stopped unexpectedly (exit code {children[stopped].returncode}); "
                "the demo is shut down."
            )

    @staticmethod
    def _check_port_free(port: int) -> None:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                raise CommandError(f"Port {port} is in use; stop what runs there or pass --port.") from None

    @staticmethod
    def _exited(children: dict) -> str | None:
        return next((name for name, child in children.items() if child.poll() is not None), None)

    def _wait_until_listening(self, port: int, children: dict) -> str | None:
        """None once the web server accepts connections; the name of a child that died first."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if exited := self._exited(children):
                return exited
            try:
                socket.create_connection((HOST, port), timeout=0.5).close()
                return None
            except OSError:
                time.sleep(0.2)
        raise CommandError(
            f"The web server did not start listening on port {port} within {STARTUP_SECONDS} s."
        )

    def _print_banner(self, port: int) -> None:
        base = f"http://{HOST}:{port}"
        width = max(len(login.username) for login in DEMO_LOGINS) + 2
        lines = [
            "",
            self.style.SUCCESS("Fixloop demo is running."),
            "",
            f"  Back office     {base}/staff/",
            f"  Configuration   {base}/admin/",
            f"  Customers       {base}/track/  (track & trace look-up)",
            *self._example_customer(base),
            *self._example_estimates(base),
            f"  Customer portal {base}/portal/  sign in as {DEMO_PORTAL_LOGIN.email} / {DEMO_PORTAL_LOGIN.password}",
            "",
            "  Demo logins (username, password, role):",
            *(
                f"    {login.username:<{width}}{login.password:<{width + 10}}{login.role.label}"
                for login in DEMO_LOGINS
            ),
            "",
            "  Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _example_customer(self, base: str) -> list[str]:
        """A customer's way in: an open work order's number and postal code, and its tracking link."""
        from fixloop.core.actor import Actor
        from fixloop.demo.showcase import example_case
        from fixloop.portal.links import tracking_link_path
        from fixloop.repairs import services

        work_order = example_case()
        if work_order is None:
            return []
        link = services.link_for_customer(work_order, by=Actor.system("demo"))
        path = tracking_link_path(link) if link else None
        lines = [
            f"                  e.g. work order {work_order.number}, postal code {work_order.customer.postal_code}"
        ]
        if path:
            lines.append(f"                  or its link {base}{path}")
        return lines

    def _example_estimates(self, base: str) -> list[str]:
        """A customer with estimates awaiting their decision: one estimate's link and the customer's
        batch-approval link (one page for all of them)."""
        from django.db.models import Count, Q
        from django.urls import reverse

        from fixloop.core.actor import Actor
        from fixloop.customers.models import CustomerAccount
        from fixloop.estimates.models import Estimate
        from fixloop.estimates.services import links

        awaiting = Q(work_orders__estimate__state=Estimate.State.AWAITING)
        customer = (
            CustomerAccount.objects.annotate(awaiting=Count("work_orders__estimate", filter=awaiting))
            .filter(awaiting__gt=0)
            .order_by("-awaiting", "pk")
            .first()
        )
        if customer is None:
            return []
        estimate = (
            Estimate.objects.filter(work_order__customer=customer, state=Estimate.State.AWAITING)
            .select_related("work_order")
            .order_by("work_order__opened_at", "pk")
            .first()
        )
        by = Actor.system("demo")
        lines = []
        for label, name, link in (
            (
                f"estimate of work order {estimate.work_order.number}",
                "portal:estimate",
                links.link_for_estimate(estimate, by=by),
            ),
            (
                f"all estimates of {customer.name}",
                "portal:approvals",
                links.link_for_account(customer, by=by),
            ),
        ):
            token = links.token_of(link)
            if token:
                lines.append(f"                  {label}: {base}{reverse(name, kwargs={'token': token})}")
        if lines:
            lines.insert(0, "  Estimates       awaiting the customer's decision:")
        return lines

    def _watch(self, children: dict) -> str:
        """Wait until a child exits; return its name."""
        while not (exited := self._exited(children)):
            time.sleep(0.5)
        return exited

    @staticmethod
    def _stop(children: dict) -> None:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

"""A real IMAP server on loopback for the bounce mailbox tests: Debian's dovecot, started with its
own configuration in a temporary folder (nothing system-wide changes), one user `bounces` with the
password `secret`, plain IMAP without TLS on a free port."""

import grp
import imaplib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.messaging.smtp_server import free_port

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
USER, PASSWORD = "bounces", "secret"


class Dovecot:
    def __init__(self):
        # Not pytest's tmp_path: as root that lies under a 0700 folder the dovecot users cannot enter.
        self.folder = Path(tempfile.mkdtemp(prefix="fixloop-dovecot-"))
        self.folder.chmod(0o755)
        self.port = free_port()

    def start(self) -> "Dovecot":
        # Dovecot's login processes refuse to run as root: as root, they run as the users the
        # Debian package creates; otherwise everything runs as the current user.
        root = os.getuid() == 0
        login_user = "dovenull" if root else pwd.getpwuid(os.getuid()).pw_name
        internal_user = "dovecot" if root else login_user
        mail_user = pwd.getpwnam(internal_user)
        group = grp.getgrgid(mail_user.pw_gid).gr_name
        for name in ("mail", "home"):
            (self.folder / name).mkdir()
            os.chown(self.folder / name, mail_user.pw_uid, mail_user.pw_gid)
        (self.folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        self.config = self.folder / "dovecot.conf"
        self.config.write_text(
            f"""
base_dir = {self.folder}/run
state_dir = {self.folder}/state
log_path = {self.folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {group}
first_valid_uid = {mail_user.pw_uid}
first_valid_gid = {mail_user.pw_gid}
mail_location = maildir:{self.folder}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.folder}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={self.folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
        )
        # The master process forks into the background and keeps its output open: no pipes to wait on.
        subprocess.run(
            [DOVECOT, "-c", str(self.config)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                self.client().logout()
                return self
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    log = (self.folder / "dovecot.log").read_text()
                    self.stop()
                    raise RuntimeError(log) from None
                time.sleep(0.1)

    def stop(self) -> None:
        pid_file = self.folder / "run" / "master.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    @property
    def mailbox(self) -> dict:
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "ssl": False,
            "user": USER,
            "password": PASSWORD,
            "folder": "INBOX",
        }

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=5)
        imap.login(USER, PASSWORD)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.client()
        try:
            status, data = imap.append(
                folder, None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            )
            assert status == "OK", data
        finally:
            imap.logout()

    def count(self, folder: str) -> int:
        imap = self.client()
        try:
            status, data = imap.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            imap.logout()

    def subjects(self, folder: str) -> list[str]:
        imap = self.client()
        try:
            imap.select(f'"{folder}"', readonly=True)
            _status, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            return sorted(
                item[1].decode().partition(":")[2].strip() for item in data if isinstance(item, tuple)
            )
        finally:
            imap.logout()

"""A real HTTP receiver on loopback (a threaded http.server on port 0) that records every POST and
answers as a test scripts it: a status code with a body, or "hang" (no answer until the sender's
timeout has passed)."""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = "hang"


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class Receiver:
    def __init__(self, hang_seconds: float = 3.0):
        self.received: list[Received] = []
        self.answers: list = []  # what the next requests get, in order; then 200 "ok"
        self.hang_seconds = hang_seconds
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                answer = receiver.answers.pop(0) if receiver.answers else (200, "ok")
                if answer == HANG:
                    time.sleep(receiver.hang_seconds)
                    return
                status, text = answer
                payload = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/fixloop/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

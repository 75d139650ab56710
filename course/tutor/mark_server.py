"""The marking workspace's local web server: http.server on 127.0.0.1, every request needing the run's token.

GET /            -> 303 to the first unmarked pair of the queue (marking resumes there), or /done
GET /pair?pos=N  -> the page of the N-th pair (course.tutor.mark_page)
POST /pair       -> action=save: record the mark (and keep the comment in the bank if asked), 303 to the
                    next unmarked pair; action=insert: show the page again with the chosen bank comment added
GET /done        -> every pair is marked
A request without the token gets 403. Each request opens the gradebook itself, so marks are committed as
soon as they are saved and nothing is held open between requests.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from contextlib import closing
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from course.tutor import gradebook, marks
from course.tutor.mark_page import PageState, Workspace, render_done, render_message, render_pair

MAX_BODY = 1_000_000  # bytes of a POSTed form
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                      "frame-ancestors 'none'",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def make_server(ws: Workspace, port: int = 0) -> HTTPServer:
    """Return a server for the workspace on 127.0.0.1:`port` (0: a free port); call serve_forever() on it."""
    handler = type("MarkHandler", (MarkHandler,), {"workspace": ws})
    return HTTPServer(("127.0.0.1", port), handler)


def new_token() -> str:
    """Return a fresh random token for the workspace's URLs."""
    return secrets.token_urlsafe(24)


def serve_in_thread(ws: Workspace, port: int = 0) -> tuple[HTTPServer, threading.Thread]:
    """Start a server in a daemon thread (for tests); stop it with server.shutdown()."""
    server = make_server(ws, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


class MarkHandler(BaseHTTPRequestHandler):
    """One request to the marking workspace."""

    workspace: Workspace

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal quiet: the URLs carry the token."""

    def handle_one_request(self) -> None:
        """Answer one request; a gradebook that cannot be read or written gets a page saying so, not a
        dropped connection."""
        try:
            super().handle_one_request()
        except sqlite3.Error as err:
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, render_message(
                "The gradebook is busy or cannot be written",
                f"Nothing was lost; wait a moment and try again, or close the program using it ({err})."))

    def do_GET(self) -> None:
        """Answer a page request."""
        path, query = self._parsed()
        if not self._token_ok(query):
            return
        ws = self.workspace
        with _open(ws.run) as conn:
            if path == "/":
                self._redirect_next(conn, None)
            elif path == "/pair":
                position = _position(query.get("pos", ["0"])[0], len(ws.pairs))
                if position is None:
                    self._send(HTTPStatus.NOT_FOUND, render_message("No such pair", "That pair is not in the queue."))
                else:
                    self._send(HTTPStatus.OK, render_pair(conn, ws, position))
            elif path == "/done":
                self._send(HTTPStatus.OK, render_done(ws))
            else:
                self._send(HTTPStatus.NOT_FOUND, render_message("Not found", "There is no such page here."))

    def do_POST(self) -> None:
        """Save a mark, or add a bank comment to the form."""
        path, query = self._parsed()
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace"),
                                              keep_blank_values=True).items()}
        if not self._token_ok({**query, "token": [form.get("token", "")]}):
            return
        ws = self.workspace
        position = _position(form.get("pos", ""), len(ws.pairs))
        if path != "/pair" or position is None:
            self._send(HTTPStatus.NOT_FOUND, render_message("No such pair", "That pair is not in the queue."))
            return
        with _open(ws.run) as conn:
            self._post_pair(conn, position, form)

    def _post_pair(self, conn: sqlite3.Connection, position: int, form: dict[str, str]) -> None:
        ws = self.workspace
        learner, point = ws.pairs[position]
        state = PageState(form.get("decision", ""), form.get("comment", ""), form.get("keep") == "yes")
        if form.get("action") == "insert":
            bank = marks.bank(ws.marker, point, conn)
            chosen = _position(form.get("starter", ""), len(bank))
            if chosen is not None:
                state.comment = f"{state.comment.rstrip()}\n{bank[chosen]}".strip()
            self._send(HTTPStatus.OK, render_pair(conn, ws, position, state))
            return
        if state.decision not in marks.DECISIONS:
            state.errors.append("Choose met, partly met or not yet before saving.")
            self._send(HTTPStatus.BAD_REQUEST, render_pair(conn, ws, position, state))
            return
        with gradebook.transaction(conn):
            marks.record(conn, learner, point, state.decision, state.comment, marker=ws.marker, role=ws.role)
            if state.keep:
                marks.add_to_bank(conn, ws.marker, point, state.comment)
        self._redirect_next(conn, (learner, point))

    def _redirect_next(self, conn: sqlite3.Connection, after: marks.Pair | None) -> None:
        ws = self.workspace
        pair = marks.next_unmarked(conn, ws.pairs, role=ws.role, after=after)
        target = ws.url("/done") if pair is None else ws.url("/pair", pos=ws.pairs.index(pair))
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", target)
        self._common_headers()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _parsed(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query)

    def _token_ok(self, query: dict[str, list[str]]) -> bool:
        given = (query.get("token") or [""])[-1]
        if secrets.compare_digest(given.encode(), self.workspace.token.encode()):
            return True
        self._send(HTTPStatus.FORBIDDEN, render_message(
            "Token needed", "Open the address that course mark printed: it includes the token."))
        return False

    def _send(self, status: HTTPStatus, page: str) -> None:
        body = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        self.end_headers()
        self.wfile.write(body)

    def _common_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)


def _open(run: Path) -> closing[sqlite3.Connection]:
    """`with _open(run) as conn`: the run's gradebook, closed afterwards."""
    return closing(gradebook.connect(Path(run) / "gradebook.sqlite"))


def _position(text: str, size: int) -> int | None:
    """Return `text` as an index below `size`, or None."""
    return int(text) if text.isdigit() and int(text) < size else None

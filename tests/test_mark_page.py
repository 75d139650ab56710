"""The marking page over HTTP: the token is required, a POST records a mark, learners' text is escaped."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from course.tutor import marks
from course.tutor.mark_page import Workspace
from course.tutor.mark_server import serve_in_thread
from tests.marking_run import make_run


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Workspace, sqlite3.Connection]]:
    run, conn = make_run(tmp_path)
    portfolio = run / "scratch" / "ada" / "3-reviewing" / "3.2-the-review-cycle" / "portfolio"
    portfolio.mkdir(parents=True)
    (portfolio / "review.md").write_text("My review <img src=x onerror=alert(1)>", encoding="utf-8")
    (tmp_path / "secret.md").write_text("not the learner's", encoding="utf-8")
    (portfolio / "link.md").symlink_to(tmp_path / "secret.md")
    conn.execute("INSERT INTO written_evidence VALUES ('ada', 'declaration', '0-start-here.ipynb', 'declare', "
                 "'This is my own work. Ada, 3 December', 8, '')")
    pairs = [("ada", "002:MP8"), ("raj", "002:MP8"), ("zoe", "002:MP8")]
    ws = Workspace(run, "Sam", "first", pairs, "tok-123")
    server, _ = serve_in_thread(ws)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", ws, conn
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with OPENER.open(url) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def _post(url: str, form: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, data=urlencode(form).encode(), method="POST")
    try:
        with OPENER.open(request) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def test_every_request_needs_the_token(served: tuple[str, Workspace, sqlite3.Connection]) -> None:
    base, ws, conn = served
    assert _get(f"{base}/pair?pos=0")[0] == 403
    assert _get(f"{base}/pair?pos=0&token=wrong")[0] == 403
    assert _post(f"{base}/pair", {"pos": "0", "decision": "met", "action": "save"})[0] == 403
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0
    status, page, headers = _get(f"{base}/pair?pos=0&token={ws.token}")
    assert status == 200 and "no-referrer" in headers["Referrer-Policy"] and "Ada Lovelace" in page


def test_the_page_shows_the_evidence_escaped(served: tuple[str, Workspace, sqlite3.Connection]) -> None:
    base, ws, _ = served
    _, page, _ = _get(f"{base}/pair?pos=0&token={ws.token}")
    assert marks.marking_points()["002:MP8"] in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "review.md (from 3-reviewing/3.2-the-review-cycle)" in page
    assert "link.md" not in page and "not the learner" not in page  # a link could point anywhere
    assert "This is my own work. Ada, 3 December" in page
    assert "rev-one" in page and "rev-two" in page  # the items mapped to the marking point (also by `covers`)
    assert "Partly met" in page  # the automatic checks: one of two items correct
    for starter in marks.starters()["002:MP8"]:
        assert starter.replace("'", "&#x27;") in page
    _, zoe, _ = _get(f"{base}/pair?pos=2&token={ws.token}")
    assert "Zoë &lt;b&gt;Hart&lt;/b&gt;" in zoe and "<b>Hart" not in zoe
    assert "The learner has not signed one." in zoe


def test_save_records_a_mark_and_goes_to_the_next_unmarked(served: tuple[str, Workspace, sqlite3.Connection]) -> None:
    base, ws, conn = served
    marks.record(conn, "raj", "002:MP8", "met", marker="Ola")
    status, _, headers = _get(f"{base}/?token={ws.token}")
    assert status == 303 and parse_qs(urlsplit(headers["Location"]).query)["pos"] == ["0"]
    status, _, headers = _post(f"{base}/pair", {"token": ws.token, "pos": "0", "decision": "partly",
                                                "comment": "Say which feedback.", "keep": "yes", "action": "save"})
    assert status == 303 and parse_qs(urlsplit(headers["Location"]).query)["pos"] == ["2"]  # raj is marked
    mark = marks.current(conn, "first")[("ada", "002:MP8")]
    assert (mark.decision, mark.comment, mark.marker) == ("partly", "Say which feedback.", "Sam")
    assert "Say which feedback." in marks.bank("Sam", "002:MP8", conn)
    _post(f"{base}/pair", {"token": ws.token, "pos": "2", "decision": "met", "action": "save"})
    assert _get(f"{base}/?token={ws.token}")[2]["Location"].startswith("/done?")


def test_no_decision_shows_the_page_again_with_the_problem(served: tuple[str, Workspace, sqlite3.Connection]) -> None:
    base, ws, conn = served
    status, page, _ = _post(f"{base}/pair", {"token": ws.token, "pos": "0", "comment": "Kept.", "action": "save"})
    assert status == 400 and "Choose met, partly met or not yet" in page and "Kept.</textarea>" in page
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0


def test_insert_adds_the_chosen_bank_comment(served: tuple[str, Workspace, sqlite3.Connection]) -> None:
    base, ws, conn = served
    status, page, _ = _post(f"{base}/pair", {"token": ws.token, "pos": "0", "decision": "met", "comment": "Mine.",
                                             "starter": "1", "action": "insert"})
    second = marks.starters()["002:MP8"][1].replace("'", "&#x27;")
    assert status == 200 and f"Mine.\n{second}</textarea>" in page
    assert 'value="met" checked' in page
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0


def test_a_second_marker_marks_blind_and_a_resolver_sees_both(tmp_path: Path) -> None:
    from course.tutor.mark_page import render_pair

    run, conn = make_run(tmp_path)
    marks.record(conn, "ada", "002:MP8", "met", "First view.", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "partly", "Second view.", marker="Kim", role="second")
    second = render_pair(conn, Workspace(run, "Kim", "second", [("ada", "002:MP8")], "t"), 0)
    assert "First view." not in second and 'value="partly" checked' in second
    resolving = render_pair(conn, Workspace(run, "Lee", "resolution", [("ada", "002:MP8")], "t"), 0)
    assert "First mark by Sam" in resolving and "Second mark by Kim" in resolving
    assert "First view." in resolving and "Second view." in resolving


def test_course_mark_serves_the_page_with_a_token(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    run, conn = make_run(tmp_path)
    conn.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    server = subprocess.Popen([sys.executable, "-m", "course", "mark", "--run", str(run), "--marker", "Sam",
                               "--no-browser", "--order", "point"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("Marking 78 pairs as Sam (first)")
        url = lines[1].strip()
        assert url.startswith("http://127.0.0.1:") and "token=" in url
        status, _, headers = _get(url)
        assert status == 303 and parse_qs(urlsplit(headers["Location"]).query)["pos"] == ["0"]
        _, page, _ = _get(url.replace("/?", "/pair?") + "&pos=1")
        first_point = next(iter(marks.marking_points()))
        assert f"Raj Patel (raj): marking point {first_point}" in page  # by point: ada, raj, zoe on 000:MP1
        assert _get(url.split("?")[0])[0] == 403
    finally:
        server.terminate()
        server.wait(timeout=30)

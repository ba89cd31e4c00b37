"""The editor's loop as an editor lives it: `make serve`'s server is running, a rule's YAML is saved,
the page shows the change, and the server settles — the build's own output never sets off
another rebuild. (How fast the loop is, is measured by `make bench`, not asserted here.)"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import copy_project

pytestmark = pytest.mark.build

RULE = "standards/regulations/wu/WU-001.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_an_edit_shows_and_the_server_settles(tmp_path):
    root = copy_project(tmp_path / "project")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZHIDU_DOWNLOADS": "false"}
    # the command `make serve` runs (see the Makefile)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                               "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/regulations/wu-001/"
    try:
        up = _wait_for(lambda: _get(url) is not None or server.poll() is not None, 300)
        assert up and server.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:]
        assert "办公用房配置与使用管理办法" in _get(url)
        assert not (root / "docs" / "regulations").exists(), "nothing is generated into docs/"
        text = (root / RULE).read_text(encoding="utf-8")
        (root / RULE).write_text(text.replace("title: 办公用房配置与使用管理办法", "title: 办公用房配置与使用管理规定", 1),
                                 encoding="utf-8")
        assert _wait_for(lambda: "办公用房配置与使用管理规定" in (_get(url) or ""), 120)
        builds = lambda: len(re.findall(r"Documentation built in", (tmp_path / "serve.log").read_text(encoding="utf-8")))
        assert _wait_for(lambda: builds() == 2, 60), (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:]
        settled = builds()
        time.sleep(30)
        assert builds() == settled, "the build's own output set off another rebuild"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_serve_falls_back_to_polling_when_the_system_cannot_notify(tmp_path):
    """inotify has per-user limits (editors and other watchers use them up): then MkDocs' polling stays."""
    from unittest import mock

    from watchdog.observers.polling import PollingObserver

    from zhidu.render import watching

    class Server:       # the parts of MkDocs' LiveReloadServer that listen_for_changes uses
        def __init__(self):
            self.observer, self._watched_paths, self.moved = PollingObserver(), {str(tmp_path): 1}, []

        def unwatch(self, path):
            self.moved.append(path)

        def watch(self, path):
            self.moved.append(path)

    server = Server()
    with mock.patch.object(watching.WritesObserver, "start", side_effect=OSError(24, "inotify instance limit")):
        watching.listen_for_changes(server)
    assert isinstance(server.observer, PollingObserver) and server.moved == []
    server = Server()
    watching.listen_for_changes(server)
    assert isinstance(server.observer, watching.WritesObserver) and server.moved == [str(tmp_path)] * 2

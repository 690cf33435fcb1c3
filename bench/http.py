"""HTTP measures on loopback: gunicorn as ``shequ serve`` runs it (gthread, 2 workers, 4
threads, access log), DEBUG off, driven by wrk (-t2 -c8 -d10s --latency) with a Lua script
that sends the session cookie and walks a list of paths."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import ROOT, child_env, say

WRK = "wrk"
# wrk's default 2 s timeout would drop slow answers from the latencies (and report 0 ms):
# a page that takes seconds must show as seconds.
WRK_ARGS = ["-t2", "-c8", "-d10s", "--timeout", "30s", "--latency"]
WARM_ARGS = ["-t2", "-c8", "-d2s", "--timeout", "30s"]
APPS = {"subject": "shequ.wsgi:application", "floor": "bench.floor_wsgi:application"}
_PERSON_LINK = re.compile(r'href="/people/(\d+)/"')


def wrk_path() -> str | None:
    return shutil.which(WRK)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn serving ``app``; stopped by its own process id."""

    def __init__(self, app: str, url: str, data_dir: Path, extra_env: dict[str, str]):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = child_env(url, data_dir) | extra_env
        command = [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
            "--worker-class", "gthread", "--workers", "2", "--threads", "4",
            "--access-logfile", "-",
            "--access-logformat", '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
            app,
        ]  # fmt: skip
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn ({app}) ended at start:\n{self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"bench: gunicorn ({app}) does not answer") from None
                time.sleep(0.2)

    def errors(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def get(self, path: str, cookie: str) -> tuple[int, str]:
        # loopback http only: the base is built above
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def person_ids(page: str) -> list[str]:
    return _PERSON_LINK.findall(page)


def check_same_rows(servers: dict[str, Server], paths: list[str], cookie: str) -> int:
    """Subject and floor answer 200 with the same persons in the same order (50 per page)."""
    for path in paths[:3]:
        seen = {}
        for side, server in servers.items():
            try:
                status, body = server.get(path, cookie)
            except OSError as exc:
                raise SystemExit(
                    f"bench: {side} failed on {path}: {exc}\n{server.errors()}"
                ) from None
            if status != 200:
                raise SystemExit(f"bench: {side} answered {status} on {path}")
            seen[side] = person_ids(body)
        if seen["subject"] != seen["floor"]:
            raise SystemExit(
                f"bench: the platform and the floor show different rows on {path}: "
                f"{seen['subject'][:5]}… against {seen['floor'][:5]}…"
            )
        if len(seen["subject"]) != 50:
            raise SystemExit(f"bench: {path} shows {len(seen['subject'])} rows, not 50")
    return len(paths)


LUA = """
local paths = {%(paths)s}
local n = 0
wrk.headers["Cookie"] = "%(cookie)s"
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def _script(paths: list[str], cookie: str, directory: Path) -> Path:
    listed = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    path = directory / "paths.lua"
    path.write_text(LUA % {"paths": listed, "cookie": cookie})
    return path


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        int(p): _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M)
    }
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": latency[50],
        "p99_ms": latency[99],
        "requests": requests,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def run_wrk(server: Server, paths: list[str], cookie: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="shequ-bench-wrk-") as tmp:
        script = _script(paths, cookie, Path(tmp))
        base = [WRK, "-s", str(script)]
        subprocess.run([*base, *WARM_ARGS, server.base], capture_output=True, check=True)
        done = subprocess.run(
            [*base, *WRK_ARGS, server.base], capture_output=True, text=True, check=True
        )
    result = parse_wrk(done.stdout)
    if result["non_2xx"]:
        raise SystemExit(
            f"bench: {result['non_2xx']} answers were not 2xx/3xx:\n{done.stdout}\n"
            f"{server.errors()}"
        )
    if result["socket_errors"]:
        say(f"bench:   wrk socket errors: {result['socket_errors']}")
    return result

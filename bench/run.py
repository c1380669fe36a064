"""`make bench`: Praxis under load, as in production, on a large generated dataset. See docs/benchmark.md.

Starts PostgreSQL if needed, creates the `praxis_bench` database, migrates, collects static files, seeds the scale
data (reused when already present), starts gunicorn (gthread WSGI, production settings, DEBUG off) on 127.0.0.1,
warms up, then drives `wrk` (8 connections, each scenario time-boxed) and writes a table and var/bench/latest.json.

Environment / options: BENCH_SCALE (tiny|small|default|full),
BENCH_DURATION (seconds of the saturating run per scenario, default 2),
BENCH_PACED_DURATION (seconds of the paced run per scenario and of the writes, default 5),
BENCH_PORT (8790), BENCH_SKIP (comma list of: scenarios,writes,load,tasks,search,sqlite,video).
Load test (locust): BENCH_LOAD_USERS (200), BENCH_LOAD_SECONDS (300), BENCH_LOAD_THINK ("2,6": seconds between pages).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = sys.executable
WRK_LUA = ROOT / "bench" / "wrk" / "report.lua"
CLK_TCK = os.sysconf("SC_CLK_TCK")
CONNECTIONS = 8
THINK_MS = int(os.environ.get("BENCH_THINK_MS") or 250)  # paced run: each of the 8 clients waits this between pages
PG = "postgres://postgres@127.0.0.1:5432/"
# Targets from the issue.
TARGET_P95_MS = 100.0
TARGET_CPU_MS = 10.0
TARGET_SEARCH_P95_MS = 50.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- environment ---------------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk (Debian package)")
    if subprocess.call(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL) != 0:
        subprocess.call(["apt-get", "update"], stdout=subprocess.DEVNULL)
        subprocess.check_call(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def ensure_postgres(dbname: str) -> None:
    if not port_open(5432):
        log("starting PostgreSQL")
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.check_call(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
        for _ in range(50):
            if port_open(5432):
                break
            time.sleep(0.2)
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            log(f"creating database {dbname}")
            conn.execute(f'CREATE DATABASE "{dbname}"')


def server_env(database_url: str, var_dir: Path, task_queue_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PRAXIS_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PRAXIS_PRODUCTION": "1",
        "PRAXIS_BENCH": "1",
        "PRAXIS_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to https, no proxy header, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "TASK_QUEUE_URL": task_queue_url,
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(var_dir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        # wrk writes from one account as fast as it can: the abuse limits (docs/operations.md) would answer 429.
        "RATE_LIMITS_ENABLED": "0",
        # The API's own limits (per IP and per token) still count every call, as in production, but never refuse.
        "API_RATE_LIMIT_PER_IP": "1000000000",
        "API_RATE_LIMIT_PER_TOKEN": "1000000000",
        "BENCH_LOG_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
    })
    env.pop("REDIS_URL", None)
    return env


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    proc = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-4000:], proc.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet:
        print(proc.stdout.rstrip())
    return proc.stdout


def static_fingerprint() -> str:
    """What collectstatic's output depends on: every file of the apps' static folders (path, size, time), the locked
    dependencies (admin and vendored packages) and the settings."""
    import hashlib

    digest = hashlib.sha256()
    for folder in sorted(ROOT.glob("praxis/**/static")):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(ROOT)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for name in ("requirements.lock", "config/settings.py", "bench/settings.py", "bench/storage.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def collectstatic(env: dict) -> list[str]:
    """collectstatic as in production, skipped when nothing it reads changed since the last run (it took 30-100 s of
    the run); if a vendored file breaks it, say so and retry with the bench workaround."""
    stamp = Path(env["STATIC_ROOT"]) / ".bench-fingerprint.json"
    fingerprint = static_fingerprint()
    if (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists() and stamp.exists():
        kept = json.loads(stamp.read_text())
        if kept.get("fingerprint") == fingerprint:
            log("collectstatic: static files unchanged since the last run, reused")
            if kept.get("lenient"):
                env["BENCH_LENIENT_STATIC"] = "1"
            return kept.get("problems", [])
    problems = _collectstatic(env)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "problems": problems,
                                 "lenient": bool(env.get("BENCH_LENIENT_STATIC"))}))
    return problems


def _collectstatic(env: dict) -> list[str]:
    proc = subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode == 0:
        return []
    reason = " ".join(line.strip() for line in proc.stderr.strip().splitlines()[-8:] if line.strip())
    log(f"PRODUCTION PROBLEM: collectstatic fails: {reason[:300]}")
    log("retrying with source-map rewriting off (bench workaround, BENCH_LENIENT_STATIC=1)")
    env["BENCH_LENIENT_STATIC"] = "1"
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return [f"collectstatic fails in production mode: {reason[:400]}"]


def helper(env: dict, *args: str) -> dict:
    proc = subprocess.run([PY, str(ROOT / "bench" / "djhelper.py"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    print(proc.stdout[-3000:], proc.stderr[-5000:], file=sys.stderr)
    raise SystemExit(f"djhelper {' '.join(args)} failed")


# --- the server ------------------------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict, port: int, log_path: Path) -> None:
        self.env, self.port, self.log_path = env, port, log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        if port_open(self.port):
            raise SystemExit(f"port {self.port} is busy: set BENCH_PORT")
        self.proc = subprocess.Popen(
            [PY, "-m", "gunicorn", "bench.wsgi:application", "--worker-class", "gthread", "--workers", "2",
             "--threads", "4", "--bind", f"127.0.0.1:{self.port}", "--keep-alive", "10", "--timeout", "60",
             "--log-level", "warning", "--error-logfile", "-"],
            cwd=ROOT, env=self.env, stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(150):
            if port_open(self.port) and len(self.workers()) >= 2:
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_ticks(self) -> int:
        total = 0
        for pid in [self.proc.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total

    def rss_mb(self) -> list[float]:
        """Each web worker's resident memory now (MB)."""
        sizes = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(round(int(line.split()[1]) / 1024, 1))
            except OSError:
                continue
        return sizes

    def peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return round(max(peaks), 1) if peaks else 0.0


# --- HTTP ---------------------------------------------------------------------------------------------------------


def headers_for(prep: dict, auth: bool, writer: bool = False) -> dict:
    cookies = [f"csrftoken={prep['csrf']}"]
    if auth:
        cookies.append(f"sessionid={prep['writer_session'] if writer else prep['session']}")
    return {"Cookie": "; ".join(cookies), "Accept-Language": "fr"}


def fetch(port: int, method: str, path: str, headers: dict, body: str | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def wrk(wrk_bin: str, port: int, path: str, headers: dict, duration: float, connections: int = CONNECTIONS,
        think_ms: int = 0, method: str = "GET", body: str | None = None, learners: list[dict] | None = None) -> dict:
    """`learners`: one thread and connection per learner, each with its own session and path (report.lua)."""
    threads = len(learners) if learners else 2 if connections > 1 else 1
    cmd = [wrk_bin, "-t", str(threads), "-c", str(len(learners) if learners else connections), "-d",
           f"{max(1, round(duration))}s", "--timeout", "10s", "-s", str(WRK_LUA)]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    env = dict(os.environ, BENCH_THINK_MS=str(think_ms), BENCH_METHOD=method, BENCH_BODY=body or "",
               BENCH_PER_THREAD="\n".join(f"{learner['path']}\t{learner['session']}" for learner in learners or []))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    raise RuntimeError(f"wrk failed: {proc.stdout} {proc.stderr}")


class InstructionCounter:
    """Instructions executed by the web workers while wrk runs (`perf stat`, where the kernel allows it).

    CPU time on this virtual machine varied by 2× between runs an hour apart (the host's other tenants); the number
    of instructions per request does not, so it is what before/after comparisons should use."""

    def __init__(self, pids: list[int]) -> None:
        perf = shutil.which("perf")
        self.proc = None
        if perf and pids:
            self.proc = subprocess.Popen([perf, "stat", "-x", ",", "-e", "instructions", "-p",
                                          ",".join(str(pid) for pid in pids)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGINT)
        try:
            _out, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None
        for line in err.splitlines():
            fields = line.split(",")
            if len(fields) > 2 and fields[2].startswith("instructions") and fields[0].isdigit():
                return int(fields[0])
        return None


def measure(server: Server, wrk_bin: str, path: str, headers: dict, duration: float, method: str = "GET",
            body: str | None = None, learners: list[dict] | None = None) -> dict:
    counter = InstructionCounter(server.workers())
    time.sleep(0.2)  # perf attaches
    before = server.cpu_ticks()
    result = wrk(wrk_bin, server.port, path, headers, duration, method=method, body=body, learners=learners)
    cpu_s = (server.cpu_ticks() - before) / CLK_TCK
    instructions = counter.stop()
    n = max(result["requests"], 1)
    errors = result["errors"]
    return {
        "minstr": round(instructions / n / 1e6, 2) if instructions else None,  # millions of instructions per request
        "requests": result["requests"],
        "rps": round(result["requests"] / (result["duration_us"] / 1e6), 1),
        "p50_ms": round(result["p50_us"] / 1000, 2),
        "p95_ms": round(result["p95_us"] / 1000, 2),
        "p99_ms": round(result["p99_us"] / 1000, 2),
        "cpu_ms": round(cpu_s * 1000 / n, 2),
        "errors": sum(errors.values()),
        "non_2xx_3xx": errors["status"],
    }


def probe(port: int, path: str, headers: dict, n: int = 5, method: str = "GET",
          body: str | None = None) -> tuple[int, float | None]:
    """Warm a URL up and read the number of SQL queries it costs (X-Bench-Queries from bench.wsgi)."""
    status, queries = 0, []
    for i in range(n):
        data = body.replace("{t}", "probe").replace("{i}", str(i + 1)) if body else None
        status, head, _body = fetch(port, method, path, headers, data)
        if "x-bench-queries" in head:
            queries.append(int(head["x-bench-queries"]))
    return status, (statistics.median(queries) if queries else None)


def warm_up(port: int, path: str, headers: dict, clients: int = CONNECTIONS, each: int = 4) -> None:
    """`clients` connections at once, `each` requests apiece: every worker and thread has served the page (its
    database connection opened, its per-process caches filled) before the measured runs — in ~0.2 s, where a 1-second
    wrk run did the same (wrk counts in whole seconds; 1 s per scenario was ~35 s of the bench's run)."""
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda _i: fetch(port, "GET", path, headers), range(clients * each)))


# --- writes under load ----------------------------------------------------------------------------------------------


class Writer(threading.Thread):
    """Posts writes at a steady rate (keep-alive connection) while wrk reads; counts statuses and latencies."""

    def __init__(self, port: int, target: dict, headers: dict, csrf: str, rate: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.target, self.headers, self.csrf, self.rate, self.stop = port, target, headers, csrf, rate, stop
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.locked = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(self.headers, **{"Content-Type": "application/x-www-form-urlencoded",
                                        "X-CSRFToken": self.csrf})
        i = 0
        interval = 1.0 / self.rate
        next_at = time.monotonic()
        while not self.stop.is_set():
            body = self.target["bodies"][i % len(self.target["bodies"])].replace("{i}", str(i))
            started = time.monotonic()
            try:
                conn.request("POST", self.target["path"], body=f"{body}&csrfmiddlewaretoken={self.csrf}",
                             headers=headers)
                resp = conn.getresponse()
                text = resp.read()
                self.statuses[resp.status] = self.statuses.get(resp.status, 0) + 1
                if b"database is locked" in text:
                    self.locked += 1
            except (OSError, http.client.HTTPException):
                self.statuses[0] = self.statuses.get(0, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.latencies.append((time.monotonic() - started) * 1000)
            i += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        conn.close()


def writes_under_load(server: Server, wrk_bin: str, prep: dict, feed_path: str, duration: float,
                      rate: float) -> dict:
    stop = threading.Event()
    writers = [Writer(server.port, target, headers_for(prep, True, writer=True), prep["csrf"], rate, stop)
               for target in prep["writes"]]
    for w in writers:
        w.start()
    try:
        read = measure(server, wrk_bin, feed_path, headers_for(prep, True), duration)
    finally:
        stop.set()
        for w in writers:
            w.join(timeout=30)
    out = {"feed_with_writes": read, "writes": {}}
    for w in writers:
        lat = sorted(w.latencies) or [0.0]
        ok = sum(c for s, c in w.statuses.items() if 200 <= s < 400)
        out["writes"][w.target["name"]] = {
            "posted": len(w.latencies), "ok": ok, "statuses": w.statuses, "database_is_locked": w.locked,
            "p50_ms": round(lat[len(lat) // 2], 2), "p95_ms": round(lat[int(len(lat) * 0.95) - 1 if len(lat) > 1
                                                                        else 0], 2),
            "note": w.target.get("note", ""),
        }
    return out


def last_error(path: Path) -> str:
    """The exception line of the last traceback in the server log (why a page answered 500)."""
    lines = [line for line in path.read_text(errors="replace").splitlines()[-400:]
             if line and not line.startswith((" ", "Traceback", "Internal Server Error", "[")) and ":" in line]
    return lines[-1][:200] if lines else ""


def locked_in_log(path: Path, offset: int) -> int:
    with path.open("rb") as fh:
        fh.seek(offset)
        return fh.read().count(b"database is locked")


# --- video ----------------------------------------------------------------------------------------------------------


def transcode(seconds: int, env: dict) -> dict:
    try:
        import imageio_ffmpeg
    except ImportError:
        return {"skip": "imageio-ffmpeg missing"}
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    media = OUT / "media"
    media.mkdir(parents=True, exist_ok=True)
    clip = media / f"clip-{seconds}s-1080p30.mp4"
    if not clip.exists():
        log(f"generating a {seconds}s 1080p30 test clip (once)")
        started = time.monotonic()
        subprocess.run([
            ffmpeg, "-y", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            # Light temporal noise so the encoder works as on camera footage; 10 Mb/s like a phone recording.
            "-vf", "noise=alls=6:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "10M", "-maxrate", "10M",
            "-bufsize", "20M",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-shortest", str(clip) + ".tmp.mp4",
        ], check=True)
        os.replace(str(clip) + ".tmp.mp4", clip)
        log(f"clip generated in {time.monotonic() - started:.0f}s")
    via_app = helper(env, "transcode", str(clip))
    if "fallback" not in via_app:
        return via_app
    log(via_app["fallback"])
    out_dir = media / "hls"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    # The content pipeline's parameters (praxis/content/media.py): 360/480/720p, x264 veryfast CRF 23 capped,
    # GOP = 4 s segments, AAC 48 kHz stereo, one FFmpeg process decoding once.
    ladder = [(360, 800, 96), (480, 1400, 128), (720, 2800, 128)]
    split = f"[0:v:0]split={len(ladder)}" + "".join(f"[s{i}]" for i in range(len(ladder))) + ";" + ";".join(
        f"[s{i}]scale=-2:{h}:flags=bicubic,setsar=1,format=yuv420p[v{i}]" for i, (h, _b, _a) in enumerate(ladder))
    cmd = [ffmpeg, "-y", "-v", "error", "-i", str(clip), "-filter_complex", split]
    for i in range(len(ladder)):
        cmd += ["-map", f"[v{i}]", "-map", "0:a:0"]
    for i, (_h, kbps, audio) in enumerate(ladder):
        cmd += [f"-c:v:{i}", "libx264", f"-preset:v:{i}", "veryfast", f"-crf:v:{i}", "23", f"-maxrate:v:{i}",
                f"{kbps}k", f"-bufsize:v:{i}", f"{2 * kbps}k", f"-g:v:{i}", "120", f"-c:a:{i}", "aac",
                f"-b:a:{i}", f"{audio}k", f"-ac:a:{i}", "2", f"-ar:a:{i}", "48000"]
    cmd += ["-sc_threshold", "0", "-map_metadata", "-1", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
            "-hls_segment_filename", str(out_dir / "v%v_%03d.ts"), "-master_pl_name", "master.m3u8",
            "-var_stream_map", " ".join(f"v:{i},a:{i}" for i in range(len(ladder))), str(out_dir / "v%v.m3u8")]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        return {"error": proc.stderr[-500:]}
    return {
        "pipeline": "direct ffmpeg HLS ladder 720/480/360 (content app pipeline not found)",
        "video_seconds": seconds, "processing_seconds": round(elapsed, 1),
        "processing_per_video_second": round(elapsed / seconds, 3), "faster_than_real_time": elapsed < seconds,
    }


# --- main -----------------------------------------------------------------------------------------------------------


class DatabaseActivity:
    """What PostgreSQL did in the background during a scenario: checkpoints begun (timed or asked for by the WAL's
    size), WAL written, autovacuum and autoanalyze runs. A paced p95 that only a full run shows (a page that writes,
    or one right after the writes) is read against these: a checkpoint's writes and fsyncs, or a vacuum of the
    table just written, are waits no CPU figure shows."""

    QUERY = ("SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),"
             " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0'),"
             " (SELECT COALESCE(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables)")

    def __init__(self, dbname: str) -> None:
        import psycopg

        self.conn = psycopg.connect(PG + dbname, autocommit=True)

    def snapshot(self) -> tuple[int, float, int]:
        checkpoints, wal, vacuums = self.conn.execute(self.QUERY).fetchone()
        return int(checkpoints), float(wal), int(vacuums)

    def since(self, before: tuple[int, float, int]) -> dict:
        now = self.snapshot()
        return {"checkpoints": now[0] - before[0], "wal_mb": round((now[1] - before[1]) / 1e6, 1),
                "autovacuums": now[2] - before[2]}


def run_scenarios(server: Server, wrk_bin: str, prep: dict, duration: float, paced_duration: float,
                  results: dict, activity: DatabaseActivity | None = None) -> None:
    # BENCH_ONLY=name,…: those scenarios and the yardsticks (to look at one page again without the whole run).
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    yardstick = Yardstick()
    for sc in prep["scenarios"]:
        name = sc["name"]
        if only and name not in only and sc["kind"] not in {"baseline", "minimal"}:
            continue
        if "skip" in sc:
            results[name] = {"skip": sc["skip"]}
            log(f"{name:<26} {sc['skip']}")
            continue
        headers = headers_for(prep, sc["auth"])
        method, body = sc.get("method", "GET"), sc.get("body")
        if body is not None:  # a JSON POST (e.g. a SCORM commit), with the CSRF token in its header
            headers = {**headers, "Content-Type": "application/json", "X-CSRFToken": prep["csrf"]}
        status, queries = probe(server.port, sc["path"], headers, method=method, body=body)
        if status >= 400:
            reason = last_error(server.log_path) if status >= 500 else ""
            results[name] = {"path": sc["path"], "error": f"HTTP {status} {reason}".strip()}
            log(f"{name:<26} HTTP {status} on {sc['path']}: skipped {reason}")
            continue
        learners = prep.get("learners") if sc.get("per_learner") else None
        if method == "GET" and not learners:
            warm_up(server.port, sc["path"], headers)
        else:
            wrk(wrk_bin, server.port, sc["path"], headers, 1, method=method, body=body, learners=learners)  # warm-up
        before = activity.snapshot() if activity else None
        row = measure(server, wrk_bin, sc["path"], headers, duration, method=method, body=body, learners=learners)
        if sc["kind"] not in {"baseline", "static"} and THINK_MS:
            # The same 8 clients, each reading for THINK_MS between pages: latency under load, not at saturation
            # (the run above keeps both cores busy, so its latencies are mostly time spent queueing).
            paced = wrk(wrk_bin, server.port, sc["path"], headers, paced_duration, think_ms=THINK_MS, method=method,
                        body=body, learners=learners)
            row.update(paced_rps=round(paced["requests"] / (paced["duration_us"] / 1e6), 1),
                       paced_p50_ms=round(paced["p50_us"] / 1000, 2), paced_p95_ms=round(paced["p95_us"] / 1000, 2))
        row.update(path=sc["path"], auth=sc["auth"], kind=sc["kind"], queries=queries, http_status=status)
        background = ""
        if activity and before:
            row["database"] = activity.since(before)
            busy = {key: value for key, value in row["database"].items() if value and key != "wal_mb"}
            if busy or row["database"]["wal_mb"] >= 1:
                background = "  db: " + ", ".join(f"{value} {key}" for key, value in row["database"].items() if value)
        target = cpu_target(sc)
        if target is not None:
            row["max_vs_minimal"] = target
        yardstick.after(server, wrk_bin, sc, headers, row)
        results[name] = row
        paced = f"  paced p95 {row['paced_p95_ms']:>7.2f} ms" if "paced_p95_ms" in row else ""
        around = f"  minimal page around {row['minimal_cpu_ms_around']} ms" if "minimal_cpu_ms_around" in row else ""
        log(f"{name:<26} {row['rps']:>8.1f} req/s  p95 {row['p95_ms']:>7.2f} ms{paced}  cpu {row['cpu_ms']:>6.2f} ms  "
            f"{queries} queries{background}{around}")


class Yardstick:
    """The minimal page measured again (1 s) after each page with a CPU target: this host's speed drifts by up to 1.5×
    within minutes (its other tenants; no instruction counter here), so each page is compared with the minimal page
    measured just before and just after it (`minimal_cpu_ms_around`), not only with the one at the start of the run."""

    def __init__(self) -> None:
        self.path, self.headers, self.cpu_ms = "", {}, 0.0

    def after(self, server: Server, wrk_bin: str, sc: dict, headers: dict, row: dict) -> None:
        if sc["kind"] == "minimal":
            self.path, self.headers, self.cpu_ms = sc["path"], headers, row["cpu_ms"]
        elif self.path and row.get("max_vs_minimal"):
            after = measure(server, wrk_bin, self.path, self.headers, 1)["cpu_ms"]
            row["minimal_cpu_ms_around"] = round((self.cpu_ms + after) / 2, 2)
            self.cpu_ms = after


def cpu_target(sc: dict) -> float | None:
    """The CPU target of a scenario, as a multiple of the minimal page's (issue 22): the scenario's own when its issue
    set one, else a common-word search 3×, a member's page 2×, a visitor's page 1.5×; none for the yardsticks."""
    if sc.get("max_vs_minimal") is not None:
        return float(sc["max_vs_minimal"])
    if sc["kind"] in {"baseline", "minimal", "static"}:
        return None
    if sc["kind"] == "search" and "common" in sc["name"]:
        return 3.0
    return 2.0 if sc["auth"] else 1.5


REGRESSION = 0.15  # a scenario whose CPU × minimal page or paced p95 grew by more than this is printed as a regression


def regressions(report: dict, previous: dict) -> list[dict]:
    """Scenarios that got worse than in the previous run by more than 15 %: cost as a multiple of the minimal page's
    (the host's speed cancels out) and the paced p95 (judged only above 20 ms, where a few ms of noise are not 15 %)."""
    found = []
    before_rows = previous.get("scenarios") or {}
    for name, row in (report.get("scenarios") or {}).items():
        before = before_rows.get(name) or {}
        # Instructions over the minimal page's when both runs counted them (perf), else CPU time's ratio.
        cost = "minstr_vs_minimal" if before.get("minstr_vs_minimal") and row.get("minstr_vs_minimal") else \
            "cpu_vs_minimal"
        for key, floor in ((cost, 0.0), ("paced_p95_ms", 20.0)):
            old, new = before.get(key), row.get(key)
            if old and new and max(old, new) > floor and new > old * (1 + REGRESSION):
                found.append({"scenario": name, "measure": key, "before": old, "after": new,
                              "change_pct": round(100 * (new / old - 1), 1)})
    return found


def compare(report: dict, previous: dict) -> None:
    if report["scenarios"]:
        report["previous_run"] = {"started_at": previous.get("started_at"), "file": str(OUT / "previous.json")}
        report["regressions"] = regressions(report, previous)


def regression_lines(report: dict) -> str:
    previous = report.get("previous_run") or {}
    if not previous.get("started_at"):
        return "regressions: no previous run to compare with"
    items = report.get("regressions") or []
    head = f"regressions over {REGRESSION:.0%} against the run of {previous['started_at']}: {len(items) or 'none'}"
    return "\n".join([head, *(f"  {r['scenario']:<26} {r['measure']:<15} {r['before']:>8} -> {r['after']:>8} "
                               f"(+{r['change_pct']} %)" for r in items)])


# --- load test (issue 21, "Load") -----------------------------------------------------------------------------------


def locust_bin() -> str:
    found = Path(PY).parent / "locust"
    if found.exists():
        return str(found)
    raise SystemExit("locust is not installed: `make venv` (it is a dev dependency)")


class Sampler(threading.Thread):
    """Every second while the load runs: the database's connections (pg_stat_activity) and the workers' memory (the
    web workers' summed RSS, with the seconds since the start and the workers' pids, so a restarted worker shows)."""

    def __init__(self, server: Server, dbname: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.server, self.dbname, self.stop = server, dbname, stop
        self.connections: list[int] = []
        self.rss: list[float] = []
        self.times: list[float] = []
        self.pids: set[tuple[int, ...]] = set()
        self.max_connections = 0

    def run(self) -> None:
        import psycopg

        started = time.monotonic()
        with psycopg.connect(PG + self.dbname, autocommit=True) as conn:
            self.max_connections = int(conn.execute("SHOW max_connections").fetchone()[0])
            while not self.stop.wait(1.0):
                row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                                   "pg_backend_pid()", [self.dbname]).fetchone()
                self.connections.append(int(row[0]))
                self.rss.append(sum(self.server.rss_mb()))
                self.times.append(time.monotonic() - started)
                self.pids.add(tuple(sorted(self.server.workers())))


def memory_trend(times: list[float], rss: list[float], flat_mb_per_min: float = 1.0) -> dict:
    """Is the web workers' memory flat under load? The first third of the run is warm-up (imports, caches, the
    allocator's arenas filling); over the rest, the least-squares slope of RSS against time, in MB per minute. Flat
    means under `flat_mb_per_min` (at the load test's ~50 requests a second, 1 MB a minute is ~350 bytes kept per
    request). The series is kept every 10 s, for the notes."""
    if len(rss) < 6:
        return {"verdict": "too few samples", "samples": len(rss)}
    cut = len(rss) // 3
    xs, ys = [t / 60 for t in times[cut:]], rss[cut:]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    every10 = [[round(t), round(m, 1)] for t, m in zip(times, rss, strict=True) if round(t) % 10 == 0]
    return {
        "warmup_s": round(times[cut]), "mb_at_warmup_end": round(rss[cut], 1), "mb_end": round(rss[-1], 1),
        "mb_max_after_warmup": round(max(ys), 1), "slope_mb_per_min": round(slope, 2),
        "flat": abs(slope) <= flat_mb_per_min, "flat_threshold_mb_per_min": flat_mb_per_min, "series_10s": every10,
    }


def load_test(server: Server, env: dict, dbname: str, users: int, seconds: int, think: str) -> dict:
    """`users` simulated members for `seconds` against the running server (locust headless, bench/locustfile.py):
    latency percentiles, 5xx, lost writes (acknowledged writes looked up afterwards), database connections, memory."""
    folder = OUT / "load"
    folder.mkdir(parents=True, exist_ok=True)
    plan, results = folder / "plan.json", folder / "results.json"
    results.unlink(missing_ok=True)
    log(f"load: preparing {users} members with sessions")
    prepared = helper(env, "load_prepare", str(users), str(plan))
    log(f"load: {users} simulated members for {seconds} s (think time {think} s) ...")
    rss_start = server.rss_mb()
    stop = threading.Event()
    sampler = Sampler(server, dbname, stop)
    sampler.start()
    lenv = dict(os.environ, BENCH_LOAD_PLAN=str(plan), BENCH_LOAD_OUT=str(results), BENCH_LOAD_THINK=think)
    started = time.monotonic()
    proc = subprocess.run(
        [locust_bin(), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
         "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{server.port}",
         "--only-summary", "--stop-timeout", "15", "--loglevel", "WARNING"],
        cwd=ROOT, env=lenv, capture_output=True, text=True)
    wall = round(time.monotonic() - started, 1)
    stop.set()
    sampler.join(timeout=5)
    if not results.exists():
        raise SystemExit(f"locust wrote no results: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    out = json.loads(results.read_text())
    acknowledged = out.pop("acknowledged")
    check = helper(env, "load_check", str(plan), str(results))
    del acknowledged
    return {
        "users": users, "seconds": seconds, "wall_s": wall, "think_s": think, "prepared": prepared,
        **{k: out[k] for k in ("requests", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "server_errors_5xx",
                               "connection_errors", "statuses")},
        "lost_writes": check.get("lost_writes"), "writes": check,
        "db_connections_peak": max(sampler.connections, default=0), "db_max_connections": sampler.max_connections,
        "web_rss_mb_start": round(sum(rss_start), 1), "web_rss_mb_end": round(sum(server.rss_mb()), 1),
        "web_rss_mb_peak": round(max(sampler.rss, default=0), 1),
        "web_memory": {**memory_trend(sampler.times, sampler.rss), "worker_sets": len(sampler.pids)},
        "per_request": out["per_request"],
    }


def run_load(server: Server, env: dict, dbname: str, args: argparse.Namespace) -> dict:
    load = phase(lambda: load_test(server, env, dbname, args.load_users, args.load_seconds, args.load_think))
    if args.load_seconds < 300 or args.load_users < 200:
        load["note"] = "smoke run: the issue's load is 200 members for 300 s, on an idle machine"
    return load


def load_summary(load: dict) -> str:
    if "p95_ms" not in load:
        return f"load test: {load}"
    return (f"load test ({load['users']} members, {load['seconds']} s, think {load['think_s']} s): "
            f"{load['requests']} requests, {load['rps']} req/s, p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms, "
            f"5xx {load['server_errors_5xx']}, connection errors {load['connection_errors']}, "
            f"lost writes {load['lost_writes']} (answers {load['writes']['answers']['acknowledged']}, "
            f"registrations {load['writes']['registrations']['acknowledged']}, heartbeats "
            f"{load['writes']['heartbeats']['acknowledged']} acknowledged), DB connections peak "
            f"{load['db_connections_peak']}/{load['db_max_connections']}, web RSS {load['web_rss_mb_start']} -> "
            f"{load['web_rss_mb_end']} MB (peak {load['web_rss_mb_peak']}); "
            f"{memory_summary(load.get('web_memory', {}))}")


def memory_summary(memory: dict) -> str:
    if "slope_mb_per_min" not in memory:
        return f"memory trend: {memory.get('verdict', 'not sampled')}"
    restarted = "" if memory.get("worker_sets", 1) <= 1 else f", workers changed {memory['worker_sets'] - 1} times"
    return (f"memory after {memory['warmup_s']} s of warm-up {memory['mb_at_warmup_end']} -> {memory['mb_end']} MB "
            f"(max {memory['mb_max_after_warmup']}), slope {memory['slope_mb_per_min']} MB/min: "
            f"{'flat' if memory['flat'] else 'GROWING'} (threshold {memory['flat_threshold_mb_per_min']} MB/min)"
            f"{restarted}")


def load_table(load: dict) -> str:
    lines = [f"{'load request':<26} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    for name, row in load.get("per_request", {}).items():
        lines.append(f"{name:<26} {row['requests']:>9} {row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} "
                     f"{row['p99_ms']:>8.0f}")
    return "\n".join(lines)


def sqlite_variant(wrk_bin: str, duration: float, rate: float, port: int) -> dict:
    """The same writes-while-reading on the embedded SQLite set-up: there must be no 'database is locked'."""
    var_dir = OUT / "sqlite"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(f"sqlite:///{var_dir / 'praxis.sqlite3'}", var_dir, f"sqlite:///{var_dir / 'tasks.sqlite3'}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    phase(lambda: manage(env, "load_postal_codes", "--if-empty"))
    manage(env, "seed_scale", "--scale", "small")
    prep = helper(env, "prepare")
    log_path = var_dir / "gunicorn.log"
    log_path.touch()
    offset = log_path.stat().st_size
    server = Server(env, port, log_path)
    server.start()
    try:
        home = next(s for s in prep["scenarios"] if s["name"] == "home.member")["path"]
        probe(port, home, headers_for(prep, True))
        wrk(wrk_bin, port, home, headers_for(prep, True), 1)
        alone = measure(server, wrk_bin, home, headers_for(prep, True), duration)
        under = writes_under_load(server, wrk_bin, prep, home, duration, rate)
    finally:
        server.stop()
    locked = locked_in_log(log_path, offset) + sum(w["database_is_locked"] for w in under["writes"].values())
    return {"scale": "small", "feed_alone": alone, **under, "database_is_locked_errors": locked,
            "feed_p95_ratio_with_writes": round(under["feed_with_writes"]["p95_ms"] / max(alone["p95_ms"], 0.01), 2)}


def search_at_scale(rows: int) -> dict:
    """selectors.search() timed on `rows` indexed contents in the database praxis_bench_search (reused)."""
    dbname = "praxis_bench_search"
    ensure_postgres(dbname)
    var_dir = OUT / "search"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(PG + dbname, var_dir, PG + dbname)
    log(f"search at scale: {rows} indexed rows in {dbname} (generated once, then reused)")
    manage(env, "migrate", "--noinput", "-v", "0")
    try:
        return helper(env, "search", str(rows))
    except SystemExit as exc:
        return {"error": str(exc)}


def table(report: dict) -> str:
    """p50/p95/p99: 8 clients without pause (saturation); paced p95: the same clients reading THINK_MS between pages,
    the figure the latency target is judged on. Minstr: millions of instructions per request (perf). ×min: instructions
    (else CPU) per request over the minimal page's."""
    lines = [f"{'scenario':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'paced95':>8} {'cpu ms':>7} "
             f"{'Minstr':>7} {'SQL':>5} {'×base':>6} {'cpu×b':>6} {'×min':>5}  note"]
    lines.append("-" * len(lines[0]))
    for name, row in report["scenarios"].items():
        if "skip" in row or "error" in row:
            lines.append(f"{name:<26} {row.get('skip') or row.get('error')}")
            continue
        notes = []
        latency = row.get("paced_p95_ms", row["p95_ms"])
        if row["kind"] not in {"baseline", "minimal", "static"} and latency > TARGET_P95_MS:
            notes.append(f"p95 > {TARGET_P95_MS:.0f}")
        if row["kind"] in {"list", "detail"} and row["cpu_ms"] > TARGET_CPU_MS:
            notes.append(f"cpu > {TARGET_CPU_MS:.0f}")
        versus_minimal = row.get("minstr_vs_minimal") or row.get("cpu_vs_minimal") or 0
        if row.get("max_vs_minimal") and versus_minimal > row["max_vs_minimal"]:
            notes.append(f"cpu > {row['max_vs_minimal']:g}× minimal")
        if row["errors"]:
            notes.append(f"{row['errors']} errors")
        q = "-" if row["queries"] is None else f"{row['queries']:g}"
        paced = f"{row['paced_p95_ms']:.2f}" if "paced_p95_ms" in row else "-"
        lines.append(f"{name:<26} {row['rps']:>8.1f} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['p99_ms']:>8.2f} "
                     f"{paced:>8} {row['cpu_ms']:>7.2f} {row.get('minstr') or 0:>7.2f} {q:>5} "
                     f"{row['ratio_to_baseline']:>6.3f} {row.get('cpu_vs_baseline') or 0:>6.1f} "
                     f"{versus_minimal:>5.2f}  {'; '.join(notes) or 'ok'}")
    return "\n".join(lines)


def previous_run() -> dict:
    """The last run's results, kept as previous.json for the comparison (only a run that measured the scenarios)."""
    latest, kept = OUT / "latest.json", OUT / "previous.json"
    try:
        last = json.loads(latest.read_text())
    except (OSError, ValueError):
        last = {}
    if last.get("scenarios"):
        kept.write_text(json.dumps(last, indent=2, ensure_ascii=False))
        return last
    try:
        return json.loads(kept.read_text())
    except (OSError, ValueError):
        return {}


def save(report: dict) -> None:
    (OUT / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


def _lap(phases: dict, name: str, since: float) -> float:
    """Seconds of a phase, kept in the report (the issue: the default run within 15 minutes)."""
    now = time.monotonic()
    phases[name] = round(now - since, 1)
    return now


def phase(step) -> dict:
    """One measurement; its failure is reported in the results instead of losing the whole run."""
    try:
        return step()
    except (Exception, SystemExit) as exc:
        log(f"failed: {exc!r}")
        return {"error": repr(exc)[:500]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE") or "default")
    # The saturating run gives CPU and instructions per request (70 to 1 000 requests in 2 s; the CPU is read in
    # 10-ms ticks over ~1–2 s of it, within 1 %); the paced run, which the latency target is judged on, gets longer
    # for enough samples of its p95 (~150 in 5 s). With the minimal page measured around each page (1 s) and the
    # 5-minute load test they keep the default run within 15 minutes.
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION") or 2))
    parser.add_argument("--paced-duration", type=float, default=float(os.environ.get("BENCH_PACED_DURATION") or 5))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 8790))
    parser.add_argument("--skip", default=os.environ.get("BENCH_SKIP", ""),
                        help="scenarios,writes,load,tasks,search,sqlite,video")
    parser.add_argument("--video-seconds", type=int, default=int(os.environ.get("BENCH_VIDEO_SECONDS") or 180))
    parser.add_argument("--search-rows", type=int, default=int(os.environ.get("BENCH_SEARCH_ROWS") or 1_000_000))
    parser.add_argument("--load-users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS") or 200))
    parser.add_argument("--load-seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS") or 300))
    parser.add_argument("--load-think", default=os.environ.get("BENCH_LOAD_THINK") or "2,6")
    parser.add_argument("--write-rate", type=float, default=float(os.environ.get("BENCH_WRITE_RATE") or 20))
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    previous = previous_run()
    wrk_bin = ensure_wrk()
    dbname = "praxis_bench"
    ensure_postgres(dbname)
    var_dir = OUT / "pg"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(PG + dbname, var_dir, PG + dbname)
    log("migrate, cache table")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    phase(lambda: manage(env, "load_postal_codes", "--if-empty"))  # the directory's gazetteer, as in a deployment
    log(f"seed_scale --scale {args.scale} (reused when already present)")
    seed_started = time.monotonic()
    manage(env, "seed_scale", "--scale", args.scale, quiet=False)
    seed_s = round(time.monotonic() - seed_started, 1)
    log("collectstatic")
    problems = collectstatic(env)  # before `prepare`: the static-file scenario resolves its URL from the manifest
    prep = helper(env, "prepare")

    report: dict = {"started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "scale": args.scale,
                    "seed_seconds": seed_s, "duration_per_scenario_s": args.duration,
                    "paced_duration_per_scenario_s": args.paced_duration, "connections": CONNECTIONS,
                    "server": "gunicorn gthread 2 workers x 4 threads, PRAXIS_PRODUCTION=1, DEBUG off, PostgreSQL",
                    "cpu_count": os.cpu_count(), "problems": problems, "scenarios": {}}
    phases = report["phase_seconds"] = {"setup": round(time.monotonic() - started, 1)}
    lap = partial(_lap, phases)
    server = Server(env, args.port, var_dir / "gunicorn.log")
    server.start()
    mark = time.monotonic()
    try:
        log("warming up")
        wrk(wrk_bin, server.port, "/__bench__/baseline/", {}, 2)
        if "scenarios" not in skip:
            run_scenarios(server, wrk_bin, prep, args.duration, args.paced_duration, report["scenarios"],
                          DatabaseActivity(dbname))
        base = report["scenarios"].get("baseline", {}).get("rps") or 0
        report["baseline_rps"] = base
        base_cpu = report["scenarios"].get("baseline", {}).get("cpu_ms") or 0
        report["baseline_cpu_ms"] = base_cpu
        minimal_cpu = report["scenarios"].get("minimal_page", {}).get("cpu_ms") or 0
        report["minimal_page_cpu_ms"] = minimal_cpu
        minimal_minstr = report["scenarios"].get("minimal_page", {}).get("minstr") or 0
        report["minimal_page_minstr"] = minimal_minstr
        for row in report["scenarios"].values():
            if "rps" in row:
                row["ratio_to_baseline"] = round(row["rps"] / base, 3) if base else None
                # CPU in multiples of the bare view: comparable across machines and across load from neighbours.
                row["cpu_vs_baseline"] = round(row["cpu_ms"] / base_cpu, 1) if base_cpu else None
                # The CPU target for list and detail pages: at most twice the minimal page (20 rows + authors).
                # Against the minimal page measured around this page when it was (see run_scenarios).
                around = row.get("minimal_cpu_ms_around") or minimal_cpu
                row["cpu_vs_minimal"] = round(row["cpu_ms"] / around, 2) if around else None
                row["cpu_vs_minimal_at_start"] = round(row["cpu_ms"] / minimal_cpu, 2) if minimal_cpu else None
                # The same in instructions, which the host's other tenants do not change.
                row["minstr_vs_minimal"] = (round(row["minstr"] / minimal_minstr, 2)
                                            if minimal_minstr and row.get("minstr") else None)
        compare(report, previous)
        mark = lap("scenarios", mark)
        if "writes" not in skip:
            feed = report["scenarios"].get("home.member", {})
            if "rps" in feed:
                log(f"writes under load: {', '.join(w['name'] for w in prep['writes'])} at {args.write_rate}/s each")
                under = writes_under_load(server, wrk_bin, prep, feed["path"], args.paced_duration,
                                          args.write_rate)
                report["writes_under_load"] = {
                    "database": "postgresql", "feed_alone": {k: feed[k] for k in ("rps", "p50_ms", "p95_ms")},
                    **under,
                    "feed_p95_ratio_with_writes": round(under["feed_with_writes"]["p95_ms"] / max(feed["p95_ms"],
                                                                                                 0.01), 2),
                    "not_available": [*([] if any(w["name"] == "post_answer" for w in prep["writes"])
                                           else ["answers: discussions app not landed"]),
                                      "progress heartbeats: no e-learning app"],
                }
        mark = lap("writes", mark)
        if "load" not in skip:
            report["load"] = run_load(server, env, dbname, args)
            save(report)
        mark = lap("load", mark)
        report["memory"] = {"web_worker_peak_rss_mb": server.peak_rss_mb()}
    finally:
        server.stop()

    save(report)
    if "tasks" not in skip:
        log("task queue: 2 000 durable tasks, then SIGKILL of the worker mid-task")
        report["tasks"] = phase(lambda: helper(env, "tasks", "2000"))
        report["memory"]["task_worker_peak_rss_mb"] = report["tasks"].get("worker_peak_rss_mb")
        save(report)
    mark = lap("tasks", mark)
    if "search" not in skip:
        report["search"] = phase(lambda: search_at_scale(args.search_rows))
        save(report)
    mark = lap("search", mark)
    if "sqlite" not in skip:
        log("SQLite variant: feed read while writing")
        report["sqlite"] = phase(lambda: sqlite_variant(wrk_bin, min(args.paced_duration, 6), args.write_rate,
                                                        args.port + 1))
        save(report)
    mark = lap("sqlite", mark)
    if "video" not in skip:
        log(f"video: {args.video_seconds}s 1080p clip to an HLS ladder")
        report["transcode"] = phase(lambda: transcode(args.video_seconds, env))
    lap("video", mark)
    report["total_seconds"] = round(time.monotonic() - started, 1)

    save(report)
    print()
    print(table(report))
    if "per_request" in report.get("load", {}):
        print()
        print(load_table(report["load"]))
    print()
    print(summary(report))
    print(f"\nfull results: {OUT / 'latest.json'}  ({report['total_seconds']:.0f} s: "
          + ", ".join(f"{name} {seconds:.0f}" for name, seconds in phases.items()) + ")")


def summary(report: dict) -> str:
    lines = [regression_lines(report)] if report["scenarios"] else []
    lines.append(f"baseline: {report.get('baseline_rps')} req/s")
    w = report.get("writes_under_load")
    if w:
        lines.append(f"writes under load (PostgreSQL): feed p95 {w['feed_alone']['p95_ms']} ms alone, "
                     f"{w['feed_with_writes']['p95_ms']} ms with writes (x{w['feed_p95_ratio_with_writes']}); "
                     + ", ".join(f"{k}: {v['ok']}/{v['posted']} ok, p95 {v['p95_ms']} ms"
                                 for k, v in w["writes"].items()))
    s = report.get("sqlite")
    if s:
        lines.append(f"writes under load (SQLite): feed p95 {s['feed_alone']['p95_ms']} ms alone, "
                     f"{s['feed_with_writes']['p95_ms']} ms with writes; 'database is locked' errors: "
                     f"{s['database_is_locked_errors']}")
    t = report.get("tasks")
    if t:
        k = t.get("kill_test", {})
        lines.append(f"task queue ({t.get('queue')}): enqueue {t.get('enqueue_per_s')}/s, "
                     f"drain {t.get('drain_per_s')}/s "
                     f"({t.get('drained')}/{t['tasks']} done, {t.get('failed')} failed); SIGKILL mid-task: completed "
                     f"after restart = {k.get('completed_after_restart')} ({k.get('seconds_from_kill_to_done')} s, "
                     f"{k.get('attempts')} attempts)")
    v = report.get("transcode")
    if v and "processing_seconds" in v:
        lines.append(f"video: {v['video_seconds']} s of 1080p in {v['processing_seconds']} s = "
                     f"{v['processing_per_video_second']} s per video second ({v['pipeline']}); FFmpeg CPU "
                     f"{v.get('ffmpeg_cpu_seconds')} s = {v.get('cpu_seconds_per_video_second')} CPU-s per video s")
    elif v:
        lines.append(f"video: {v}")
    sr = report.get("search") or {}
    if "common.anonymous" in sr:
        lines.append(f"search at scale ({sr['setup']['rows']} rows, candidates capped at {sr['candidates_cap']}): "
                     + "; ".join(f"{k} p95 {v['p95_ms']} ms" if "p95_ms" in v else f"{k} {v.get('error', '')[:40]}"
                                 for k, v in sr.items() if isinstance(v, dict) and "query" in v))
    else:
        lines.append(f"search at scale: {sr}")
    if report.get("load"):
        lines.append(load_summary(report["load"]))
    lines.append(f"memory: {report.get('memory')}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

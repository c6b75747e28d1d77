"""Scale-out run: two web servers and two task workers sharing PostgreSQL and Redis, driven
by a round-robin client with mixed traffic while one server and one worker are killed with
SIGKILL and started again.

    .venv/bin/python bench/scale_out.py [--seconds 60] \
        [--postgres-url postgres://postgres@127.0.0.1:5432/bridges_scale_out] \
        [--redis-url redis://127.0.0.1:6379/15]

It drops and re-creates the named PostgreSQL database and empties the named Redis database,
builds the demo city there with production settings, then starts two gunicorn servers on free
loopback ports and two `db_worker` processes. For `--seconds` it sends, round robin across the
two servers:

- public directory searches;
- staff sign-ins with a password and a TOTP code (each code is then replayed on the other
  server, which must refuse it: the "code used" marker lives in the shared cache);
- networker profile edits (each acknowledged edit is remembered);
- networker applications, each sent to both servers with the same idempotency token;
- one directory import of a generated feed, running while a worker is killed.

A third of the way in, server A is killed (SIGKILL, its whole process group) and started again
ten seconds later; half way in, the worker running the import is killed and started again.
Afterwards it checks and prints: every acknowledged write is present, no application is stored
twice, no import is left running, and every 5xx answer or refused connection fell while a
server was down. It exits non-zero if any check fails. Only 127.0.0.1 is ever contacted.
"""

import argparse
import base64
import hashlib
import hmac
import html.parser
import http.client
import itertools
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PROGRAMME = "riverton"
STAFF_USERS = 80
NETWORKER_USERS = 6
PASSWORD = "Scale-out-password-1"
IMPORT_RECORDS = 4000
SEARCH_WORDS = ["food", "doctor", "English", "housing", "advice", "طبيب", "praca", "school"]


# --- Setting up ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def fresh_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def fresh_cache(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


SETUP = """
import json
from allauth.mfa.totp.internal.auth import TOTP
from bridges.accounts.models import Membership, Programme, User
from bridges.accounts.roles import Role
from bridges.networkers.models import Networker

programme = Programme.objects.get(slug={programme!r})
staff = []
for n in range({staff}):
    user = User.objects.create_user(email=f"scale-staff-{{n}}@example.org", password={password!r})
    Membership.objects.create(user=user, programme=programme, role=Role.COORDINATOR)
    secret = "SCALEOUT" + format(n, "024b").replace("0", "A").replace("1", "B")
    TOTP.activate(user, secret)
    staff.append({{"email": user.email, "secret": secret}})
networkers = []
for networker in Networker.objects.filter(programme=programme, stage="active")[:{networkers}]:
    user = User.objects.create_user(
        email=f"scale-networker-{{networker.pk}}@example.org", password={password!r}
    )
    Membership.objects.create(user=user, programme=programme, role=Role.NETWORKER)
    networker.user = user
    networker.save()
    networkers.append({{"email": user.email, "networker": networker.pk}})
print(json.dumps({{"staff": staff, "networkers": networkers}}))
"""

CHECK = """
import json
from bridges.directory.models import DirectoryImport, Service
from bridges.networkers.models import Networker

tokens = {tokens!r}
networkers = {networkers!r}
from django.db.models import Count
stored = dict(
    Networker.objects.filter(application_token__in=tokens)
    .values_list("application_token")
    .annotate(n=Count("id"))
)
print(json.dumps({{
    "applications": {{str(token): n for token, n in stored.items()}},
    "skills": {{str(pk): Networker.objects.get(pk=pk).skills for pk in networkers}},
    "imports": list(DirectoryImport.objects.order_by("pk").values("pk", "status", "failure")),
    "imported_services": Service.objects.filter(name__startswith="Scale-out service").count(),
}}))
"""


def prepare(options, var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "scale-out-" + "k" * 40,
        "FIELD_ENCRYPTION_KEY": "scale-out-field-key",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": options.postgres_url,
        "REDIS_URL": options.redis_url,
        "BRIDGES_VAR_DIR": str(var_dir),
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXIES": HOST,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "NETWORKERS_MIN_FILL_SECONDS": "0",
        # The public forms' per-address limit is for the internet, not for one test client.
        "PUBLIC_FORM_RATE_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
    }
    print("Preparing PostgreSQL, Redis and the demo city …", flush=True)
    fresh_database(options.postgres_url)
    fresh_cache(options.redis_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "load_reference_data", "--if-empty")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    script = SETUP.format(
        programme=PROGRAMME, staff=STAFF_USERS, networkers=NETWORKER_USERS, password=PASSWORD
    )
    accounts = json.loads(manage(env, "shell", "-c", script, capture=True).strip().splitlines()[-1])
    env["SCALE_OUT_ACCOUNTS"] = json.dumps(accounts)
    return env


class Server:
    def __init__(self, name: str, env: dict[str, str]):
        self.name, self.env, self.port = name, env, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = Path(PYTHON).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", "2"]
            + ["--log-level", "warning", "--timeout", "60"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,  # its own process group, so SIGKILL reaches every worker
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"server {self.name} did not answer /healthz within 60 s")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


class Worker:
    def __init__(self, name: str, env: dict[str, str]):
        self.name, self.env = name, env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # As the deployment's worker unit does before it starts (docs/deploy.md).
        manage(self.env, "directory_imports_fail_stale")
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"]
            + ["--worker-id", self.name, "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


# --- The client ---------------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The fields of every form on a page, with the values a browser would send unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": [], "options": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else None
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.forms[-1]["options"].setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["options"][self._select] = []
        elif tag == "option" and self._select:
            self.forms[-1]["options"][self._select].append(a.get("value", ""))
            if "selected" in a:
                fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_form(body: str, must_have: str) -> dict:
    parser = FormParser()
    parser.feed(body)
    for form in parser.forms:
        if any(name == must_have for name, _ in form["fields"]) or must_have in form["options"]:
            return form
    raise LookupError(f"no form with a field {must_have!r}")


def totp(secret: str, at: float) -> str:
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@dataclass
class Tally:
    """What the client saw: each answer's time, server and status, and the writes the
    servers acknowledged."""

    answers: list[tuple[float, str, int]] = field(default_factory=list)  # status 0: no answer
    acknowledged_skills: dict[int, str] = field(default_factory=dict)
    attempted_skills: dict[int, list[str]] = field(default_factory=dict)
    applications: set[str] = field(default_factory=set)
    sign_ins: int = 0
    edits: int = 0
    replays_refused: int = 0
    replays_accepted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, server: str, status: int) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), server, status))


class Down(Exception):
    """The server did not answer (refused, reset, or timed out)."""


class Browser:
    """A cookie-keeping HTTP client for one server."""

    addresses = itertools.count(1)

    def __init__(self, server: Server, tally: Tally):
        self.server, self.tally = server, tally
        self.cookies: dict[str, str] = {}
        # Each visitor comes from its own address, as the proxy in front would report it
        # (TRUSTED_PROXIES=127.0.0.1); the documentation range, only ever written in a header.
        n = next(self.addresses)
        self.address = f"198.51.{100 + n // 250 % 2}.{n % 250 + 1}"

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {**(headers or {}), "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection = http.client.HTTPConnection(HOST, self.server.port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.tally.answer(self.server.name, 0)
            raise Down(str(error)) from error
        self.tally.answer(self.server.name, response.status)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.getheader("Location", ""), text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]):
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def post_multipart(self, path: str, fields: list[tuple[str, str]], files: dict):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{value}\r\n".encode())
        for name, (filename, content) in files.items():
            parts.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'
                ).encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body, headers)


def sign_in(browser: Browser, email: str, secret: str | None) -> str | None:
    """Signs in; returns the TOTP code used (None for a networker without one)."""
    status, _, body = browser.get("/accounts/login/")
    form = page_form(body, "login")
    fields = [(k, v) for k, v in form["fields"] if k not in ("login", "password")]
    status, location, body = browser.post(
        "/accounts/login/", fields + [("login", email), ("password", PASSWORD)]
    )
    if status != 302:
        raise AssertionError(f"password step answered {status}")
    if secret is None:
        return None
    return second_factor(browser, location, secret)


def second_factor(browser: Browser, location: str, secret: str, code: str | None = None):
    path = urllib.parse.urlsplit(location).path
    status, _, body = browser.get(path)
    form = page_form(body, "code")
    code = code or totp(secret, time.time())
    fields = [(k, v) for k, v in form["fields"] if k != "code"] + [("code", code)]
    status, location, body = browser.post(path, fields)
    return code if status == 302 else None


# --- Traffic ------------------------------------------------------------------------------


class Traffic:
    def __init__(self, servers: list[Server], accounts: dict, tally: Tally, deadline: float):
        self.servers, self.accounts, self.tally, self.deadline = servers, accounts, tally, deadline
        self.turn = itertools.count()
        self.staff = iter(accounts["staff"])
        self.staff_lock = threading.Lock()

    def next_server(self) -> Server:
        return self.servers[next(self.turn) % len(self.servers)]

    def other(self, server: Server) -> Server:
        return self.servers[1] if server is self.servers[0] else self.servers[0]

    def searches(self) -> None:
        rng = random.Random(1)
        while time.monotonic() < self.deadline:
            browser = Browser(self.next_server(), self.tally)
            word = urllib.parse.quote(rng.choice(SEARCH_WORDS))
            try:
                browser.get(f"/en/services/?q={word}")
            except Down:
                time.sleep(0.2)

    def sign_ins(self) -> None:
        while time.monotonic() < self.deadline:
            with self.staff_lock:
                account = next(self.staff, None)
            if account is None:
                return
            server = self.next_server()
            try:
                browser = Browser(server, self.tally)
                code = sign_in(browser, account["email"], account["secret"])
                if code is None:
                    continue
                self.tally.sign_ins += 1
                # The same code on the other server, within the same 30 seconds: refused.
                replay = Browser(self.other(server), self.tally)
                replay.address = browser.address
                status, _, body = replay.get("/accounts/login/")
                form = page_form(body, "login")
                fields = [(k, v) for k, v in form["fields"] if k not in ("login", "password")]
                status, location, _ = replay.post(
                    "/accounts/login/",
                    fields + [("login", account["email"]), ("password", PASSWORD)],
                )
                if status != 302:
                    continue  # the password step did not pass: the code was not tried
                if second_factor(replay, location, account["secret"], code):
                    self.tally.replays_accepted += 1
                else:
                    self.tally.replays_refused += 1
            except (Down, LookupError, AssertionError):
                time.sleep(0.2)

    def profile_edits(self, account: dict) -> None:
        pk = account["networker"]
        path = f"/p/{PROGRAMME}/networkers/me/edit/"
        browser = None
        n = 0
        while time.monotonic() < self.deadline:
            try:
                if browser is None:
                    browser = Browser(self.next_server(), self.tally)
                    sign_in(browser, account["email"], None)
                status, _, body = browser.get(path)
                form = page_form(body, "skills")
                n += 1
                value = f"edit {n} of networker {pk}"
                self.tally.attempted_skills.setdefault(pk, []).append(value)
                fields = [(k, v) for k, v in form["fields"] if k != "skills"]
                status, _, _ = browser.post(path, fields + [("skills", value)])
                if status == 302:
                    self.tally.acknowledged_skills[pk] = value
                    self.tally.edits += 1
            except (Down, LookupError, AssertionError):
                browser = None  # sign in again, on the next server in turn
                time.sleep(0.2)

    def applications(self) -> None:
        n = 0
        path = f"/en/networkers/join/{PROGRAMME}/"
        while time.monotonic() < self.deadline:
            n += 1
            server = self.next_server()
            first = Browser(server, self.tally)
            try:
                status, _, body = first.get(path)
                form = page_form(body, "token")
            except (Down, LookupError):
                time.sleep(0.2)
                continue
            fields = dict(form["fields"])
            token = fields["token"]
            typed = {
                "display_name": f"Scale Applicant {n}",
                "email": f"apply{n}@example.org",
                "lang-0-language": "ar",
                "lang-0-level": "fluent",
            }
            data = [(k, v) for k, v in form["fields"] if k not in typed] + list(typed.items())
            for name, values in form["options"].items():
                if name not in fields and values:
                    choice = next((v for v in values if v), values[0])
                    data.append((name, choice))
            # Sent to both servers, as a phone would resend after a lost answer.
            for target in (server, self.other(server)):
                browser = Browser(target, self.tally)
                browser.cookies = dict(first.cookies)
                try:
                    status, location, _ = browser.post(path, data)
                except Down:
                    continue
                if status == 302 and "thanks" in location:
                    self.tally.applications.add(token)


def import_writer(postgres_url: str, import_id: int, timeout: float) -> str | None:
    """The id of the worker writing the import, once every record has been checked and the
    write (one transaction) has begun; None if that was not seen in time."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(postgres_url, autocommit=True) as db:
        while time.monotonic() < deadline:
            row = db.execute(
                "SELECT status, processed, total FROM directory_directoryimport WHERE id = %s",
                [import_id],
            ).fetchone()
            if row and row[0] == "running" and row[2] and row[1] >= row[2]:
                task = db.execute(
                    "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
                    "WHERE status = 'RUNNING' AND task_path LIKE %s",
                    ["%directory_import_run%"],
                ).fetchone()
                if task and task[0]:
                    return task[0][-1]
            if row and row[0] in ("done", "failed"):
                return None
            time.sleep(0.05)
    return None


def feed(records: int) -> bytes:
    rng = random.Random(7)
    items = []
    for i in range(records):
        items.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "name": f"Scale-out service {i}",
                "description": "A generated service for the scale-out run.",
                "status": "active",
                "url": "https://example.org/",
                "organization": {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"scale-org-{i // 10}")),
                    "name": f"Scale-out organisation {i // 10}",
                    "description": "",
                },
                "languages": [{"language": "English"}],
            }
        )
    return json.dumps(items).encode()


def start_import(server: Server, account: dict, tally: Tally) -> int:
    browser = Browser(server, tally)
    if sign_in(browser, account["email"], account["secret"]) is None:
        raise SystemExit("the importing coordinator could not sign in")
    path = f"/p/{PROGRAMME}/directory/imports/new/"
    status, _, body = browser.get(path)
    form = page_form(body, "format")
    fields = [(k, v) for k, v in form["fields"] if k != "format"] + [("format", "oruk_v1")]
    status, location, _ = browser.post_multipart(
        path, fields, {"file": ("scale-out.json", feed(IMPORT_RECORDS))}
    )
    if status != 302:
        raise SystemExit(f"the import upload answered {status}")
    return int(location.rstrip("/").split("/")[-1])


# --- The run ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bridges_scale_out"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    options = parser.parse_args()
    # Stopped from outside: still end the servers and workers (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    with tempfile.TemporaryDirectory(prefix="bridges-scale-out-") as tmp:
        env = prepare(options, Path(tmp))
        accounts = json.loads(env["SCALE_OUT_ACCOUNTS"])
        servers = [Server("A", env), Server("B", env)]
        workers = [Worker("worker-1", env), Worker("worker-2", env)]
        for process in servers + workers:
            process.start()
        tally = Tally()
        down: list[tuple[float, float]] = []  # when server A could not answer
        events: list[str] = []
        started = time.monotonic()
        try:
            importers = [accounts["staff"].pop(), accounts["staff"].pop()]
            deadline = started + options.seconds
            traffic = Traffic(servers, accounts, tally, deadline)
            threads = [threading.Thread(target=traffic.searches) for _ in range(2)]
            threads += [threading.Thread(target=traffic.sign_ins)]
            threads += [threading.Thread(target=traffic.applications)]
            threads += [
                threading.Thread(target=traffic.profile_edits, args=(account,))
                for account in accounts["networkers"][:3]
            ]
            for thread in threads:
                thread.start()

            def at(fraction: float) -> None:
                time.sleep(max(0.0, started + options.seconds * fraction - time.monotonic()))

            def event(text: str) -> None:
                events.append(f"{time.monotonic() - started:5.1f}s {text}")

            at(1 / 4)
            killed_at = time.monotonic()
            servers[0].kill()
            event("server A killed (SIGKILL)")
            time.sleep(10)
            servers[0].start()
            down.append((killed_at, time.monotonic()))
            event("server A answering again")

            # Kill the worker that is writing the import, in the middle of its transaction.
            first_import = start_import(servers[1], importers[0], tally)
            event(f"import {first_import} started")
            victim = import_writer(options.postgres_url, first_import, timeout=60)
            if victim is None:
                event(f"import {first_import} was not seen writing: no worker killed mid-write")
                victim = workers[0].name
            else:
                event(f"import {first_import} writing on {victim}")
            worker = next(w for w in workers if w.name == victim)
            worker.kill()
            event(f"{worker.name} killed (SIGKILL)")
            time.sleep(5)
            worker.start()
            event(f"{worker.name} started again")
            second_import = start_import(servers[0], importers[1], tally)
            event(f"import {second_import} started (the same file again)")

            for thread in threads:
                thread.join()
            events.append(f"{time.monotonic() - started:5.1f}s traffic stopped")
            # Give the workers time to finish (or fail) what is queued.
            final = None
            waited_until = time.monotonic() + 90
            while time.monotonic() < waited_until:
                final = json.loads(
                    manage(
                        env,
                        "shell",
                        "-c",
                        CHECK.format(
                            tokens=sorted(tally.applications),
                            networkers=sorted(tally.acknowledged_skills),
                        ),
                        capture=True,
                    )
                    .strip()
                    .splitlines()[-1]
                )
                if all(i["status"] not in ("queued", "running") for i in final["imports"]):
                    break
                time.sleep(2)
        finally:
            for process in servers + workers:
                process.stop()

    return report(tally, final, down, events, started, options)


def report(tally: Tally, final: dict, down, events, started, options) -> int:
    margin = 2.0  # a request already in flight when the server died answers a moment later
    bad = [
        (at, server, status) for at, server, status in tally.answers if status == 0 or status >= 500
    ]
    outside = [
        (round(at - started, 1), server, status)
        for at, server, status in bad
        if not (server == "A" and any(s - margin <= at <= e + margin for s, e in down))
    ]
    lost = {
        pk: value
        for pk, value in tally.acknowledged_skills.items()
        # The stored value may be a later edit whose answer never arrived, never an older one.
        if final["skills"].get(str(pk))
        not in tally.attempted_skills[pk][tally.attempted_skills[pk].index(value) :]
    }
    missing = [t for t in tally.applications if final["applications"].get(t, 0) == 0]
    doubled = [t for t, n in final["applications"].items() if n > 1]
    stuck = [i for i in final["imports"] if i["status"] in ("queued", "running")]
    statuses: dict[str, int] = {}
    for _, _, status in tally.answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1

    print()
    for line in events:
        print("  " + line)
    print(f"\nRequests: {len(tally.answers)} in {options.seconds:.0f} s; by status {statuses}")
    print(f"Sign-ins with TOTP: {tally.sign_ins}; the same code replayed on the other server:")
    print(f"  refused {tally.replays_refused}, accepted {tally.replays_accepted}")
    print(
        f"Profile edits acknowledged: {tally.edits} by {len(tally.acknowledged_skills)} "
        "networkers (the last of each checked)"
    )
    print(f"Applications acknowledged: {len(tally.applications)} (each sent to both servers)")
    for record in final["imports"]:
        print(f"Import {record['pk']}: {record['status']} {record['failure'][:100]}")
    print(f"Services written by the imports: {final['imported_services']}")
    checks = {
        "every acknowledged profile edit present": not lost,
        "every acknowledged application stored": not missing,
        "no application stored twice": not doubled,
        "no import left queued or running": not stuck,
        "imports ended whole or not at all, none twice": final["imported_services"]
        in (0, IMPORT_RECORDS),
        "a used TOTP code is refused on the other server": tally.replays_accepted == 0
        and tally.replays_refused > 0,
        "5xx or no answer only while a server was down": not outside,
    }
    print()
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    if outside:
        print(f"  failures outside the down window (first 10): {outside[:10]}")
    if lost:
        print(f"  lost edits: {lost}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

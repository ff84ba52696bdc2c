"""Who may see which LAs on a shared server: the users file, password hashes and role scopes.

Off on a single-user machine, on as soon as a users file exists. The file (TOML) is
$ANNEXA_USERS, else `users.toml` in the database's folder (data/users.toml by default), so a
test's or a demo's private database never picks up a server's users. Setting $ANNEXA_USERS to a
file that does not exist turns access control on with nobody able to sign in: a typo in the
setting must not open the data to everyone.

    [[users]]
    name = "asmith"
    role = "analytical_officer"            # or "regional_senior_inspector": needs `region`
    region = "Yorkshire and the Humber"    # Ofsted region name or code, or the region the
                                           # LAs' submissions were loaded with
    password = "scrypt$32768$8$3$<salt>$<hash>"

    [[users]]
    name = "jdoe"
    role = "inspector"                     # needs `las`
    las = ["370", "371"]
    password = "scrypt$..."

Any problem in the file (bad TOML, an unknown key or role, a missing region, a malformed hash,
a duplicate name, a world-writable file) rejects the whole file: nobody can sign in until it is
fixed (fail closed), and the message says what is wrong without printing any hash.

The rules of who sees what live here and only here: `allowed_las` (the dashboard's
dashboard/context.py asks it) and `load_refusal` (who may load data for which LA).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
import stat
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annexa import config

USERS_ENV, USERS_FILE_NAME = config.USERS_ENV, config.USERS_FILE_NAME

ROLES = {
    "analytical_officer": "Analytical officer",
    "inspector": "Inspector",
    "regional_senior_inspector": "Regional senior inspector",
}
REGION_ROLES = frozenset({"analytical_officer", "regional_senior_inspector"})
# Loading and removing data, recording cycle events and importing the public judgements change
# what everyone in the region reads: analysts and regional senior inspectors do it, within their
# region. Inspectors read their LAs and save case samples.
MANAGE_ROLES = REGION_ROLES

# scrypt at OWASP's "N=2^15, r=8, p=3" point: 32 MiB and about 0.2 s per hash on one core, so a
# stolen file is slow to attack and a login costs the server little.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 3
SALT_BYTES = 16
KEY_BYTES = 32
# Bounds on the parameters read from the file: a hand-edited hash cannot make a login take
# gigabytes of memory, nor be trivially weak.
_MAX_MEM = 256 * 1024 * 1024
_N_RANGE = (2**10, 2**20)

MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
_KEYS = {"name", "role", "region", "las", "password"}

# Failed sign-ins: a pause after each, and a username locked for a while after several in a row.
FAILED_LOGIN_DELAY = 1.0
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


class UsersFileError(Exception):
    """The users file cannot be used; nobody may sign in until it is fixed."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str = field(repr=False)
    region: str | None = None
    las: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def can_manage_data(self) -> bool:
        return self.role in MANAGE_ROLES

    @property
    def scope_text(self) -> str:
        if self.role in REGION_ROLES:
            return f"region {self.region}"
        return ("LA " if len(self.las) == 1 else "LAs ") + ", ".join(self.las)


# ================================================================================= the file

users_path = config.users_path  # --users, else $ANNEXA_USERS, else users.toml by the database


def access_enabled(path: str | os.PathLike | None = None) -> bool:
    """True when a users file exists, or $ANNEXA_USERS names one (even a missing one)."""
    if path is None and config.users_env():
        return True
    try:
        return users_path(path).exists()
    except OSError:  # cannot even tell: treat as on, and let loading the file say why
        return True


_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, dict[str, User]]] = {}


def load_users(path: str | os.PathLike | None = None) -> dict[str, User]:
    """Every user by name; raises UsersFileError on any problem. Re-read when the file changes."""
    target = users_path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        raise UsersFileError(f"the users file {target} does not exist (${USERS_ENV} names it); "
                             "create it with `annexa users add`") from None
    except OSError as exc:
        raise UsersFileError(f"the users file {target} cannot be read ({exc.strerror})") from None
    if info.st_mode & stat.S_IWOTH:
        raise UsersFileError(f"the users file {target} can be changed by any user of this "
                             f"machine: run `chmod 600 {target}`")
    key = (info.st_ino, info.st_mtime_ns, info.st_size, info.st_mode)
    with _cache_lock:
        hit = _cache.get(target)
        if hit and hit[0] == key:
            return dict(hit[1])
    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"the users file {target} cannot be read ({exc})") from None
    users = parse_users(text, source=str(target))
    with _cache_lock:
        _cache[target] = (key, users)
    return dict(users)


def parse_users(text: str, *, source: str = "users file") -> dict[str, User]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsersFileError(f"{source} is not valid TOML ({exc})") from None
    unknown = set(data) - {"users"}
    if unknown:
        raise UsersFileError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}; only "
                             "[[users]] entries are allowed")
    entries = data.get("users", [])
    if not isinstance(entries, list):
        raise UsersFileError(f"{source}: `users` must be a list of [[users]] entries")
    users: dict[str, User] = {}
    for i, entry in enumerate(entries, start=1):
        user = _user_from_entry(entry, f"{source}, entry {i}")
        if user.name in users:
            raise UsersFileError(f"{source}: user '{user.name}' is listed twice")
        users[user.name] = user
    return users


def _user_from_entry(entry: object, where: str) -> User:
    if not isinstance(entry, dict):
        raise UsersFileError(f"{where}: not a table")
    unknown = set(entry) - _KEYS
    if unknown:
        raise UsersFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise UsersFileError(f"{where}: `name` must be 1-64 lower-case letters, digits, "
                             "'.', '_', '@' or '-'")
    where = f"{where} ('{name}')"
    role = entry.get("role")
    if role not in ROLES:
        raise UsersFileError(f"{where}: `role` must be one of {', '.join(ROLES)}")
    password = entry.get("password")
    if not isinstance(password, str) or _parse_hash(password) is None:
        raise UsersFileError(f"{where}: `password` is not a valid scrypt hash (set it again with "
                             "`annexa users add --replace`)")
    region, las = entry.get("region"), entry.get("las")
    if role in REGION_ROLES:
        if not isinstance(region, str) or not region.strip():
            raise UsersFileError(f"{where}: a {ROLES[role].lower()} needs a `region`")
        if las is not None:
            raise UsersFileError(f"{where}: a {ROLES[role].lower()} sees a region; `las` is for "
                                 "inspectors")
        return User(name, role, password, region=region.strip())
    if region is not None:
        raise UsersFileError(f"{where}: an inspector sees named LAs; `region` is for analytical "
                             "officers and regional senior inspectors")
    if (not isinstance(las, list) or not las
            or not all(isinstance(c, str) and c.strip() for c in las)):
        raise UsersFileError(f"{where}: an inspector needs `las`, a list of LA codes")
    return User(name, role, password, las=tuple(dict.fromkeys(c.strip() for c in las)))


def _toml_string(value: str) -> str:
    # JSON's escapes (\" \\ \n \uXXXX ...) are all valid in a TOML basic string.
    import json

    return json.dumps(value, ensure_ascii=True)


def render_users(users: Iterable[User]) -> str:
    lines = [
        "# Users of the Annex A dashboard. Access control is on while this file exists.",
        "# Managed with `annexa users add|list|remove`; passwords are scrypt hashes.",
        "# Roles: analytical_officer and regional_senior_inspector see a region (`region`);",
        "# inspector sees the LAs listed (`las`). Keep this file private: chmod 600.",
    ]
    for u in sorted(users, key=lambda u: u.name):
        lines += ["", "[[users]]", f"name = {_toml_string(u.name)}",
                  f"role = {_toml_string(u.role)}"]
        if u.role in REGION_ROLES:
            lines.append(f"region = {_toml_string(u.region or '')}")
        else:
            lines.append("las = [" + ", ".join(_toml_string(c) for c in u.las) + "]")
        lines.append(f"password = {_toml_string(u.password_hash)}")
    return "\n".join(lines) + "\n"


def write_users(users: Iterable[User], path: str | os.PathLike | None = None) -> Path:
    """Replace the users file atomically, readable by its owner only."""
    target = users_path(path)
    text = render_users(users)
    parse_users(text, source="the new users file")  # never write a file the dashboard rejects
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# ============================================================================= the passwords

def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R,
                  p: int = SCRYPT_P) -> str:
    """`scrypt$n$r$p$salt$hash` (salt and hash in base64), with a fresh random salt."""
    if _check_params(n, r, p) is not None:
        raise ValueError(_check_params(n, r, p))
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, n, r, p, KEY_BYTES)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(key).decode()}"


def _check_params(n: int, r: int, p: int) -> str | None:
    if not (_N_RANGE[0] <= n <= _N_RANGE[1]) or n & (n - 1):
        return f"scrypt n must be a power of two from {_N_RANGE[0]} to {_N_RANGE[1]}"
    if not (1 <= r <= 32 and 1 <= p <= 16):
        return "scrypt r must be 1-32 and p 1-16"
    if 128 * r * (n + p + 2) > _MAX_MEM:
        return "scrypt parameters need too much memory"
    return None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=_MAX_MEM + 1024 * 1024)


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    if _check_params(n, r, p) is not None or len(salt) < 8 or len(key) < 16:
        return None
    return n, r, p, salt, key


def verify_password(password: str, encoded: str) -> bool:
    parsed = _parse_hash(encoded)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


@functools.cache
def _dummy_hash() -> str:
    """A real hash to check unknown names against, so a wrong name takes as long as a wrong
    password and the timing does not tell which names exist (made once, when first needed)."""
    return hash_password(secrets.token_hex(16))


def normalise_name(name: str) -> str:
    return (name or "").strip().lower()


# Each check takes 32 MiB and a quarter of a second of a core: at most two at once, so many
# parallel sign-in attempts queue instead of exhausting the server's memory.
_CHECKS = threading.BoundedSemaphore(2)


def authenticate(users: dict[str, User], name: str, password: str) -> User | None:
    user = users.get(normalise_name(name))
    with _CHECKS:
        ok = verify_password(password or "", user.password_hash if user else _dummy_hash())
    return user if ok and user is not None else None


class LoginThrottle:
    """Failed sign-ins per username, for this server process (every browser session shares it)."""

    def __init__(self, max_failures: int = MAX_FAILURES, lockout: float = LOCKOUT_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.lockout, self.clock = max_failures, lockout, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, name: str) -> float:
        """How long this username must wait before it may try again (0: it may)."""
        with self._lock:
            recent = self._recent(normalise_name(name))
            if len(recent) < self.max_failures:
                return 0.0
            return max(0.0, recent[-self.max_failures] + self.lockout - self.clock())

    def reserve(self, name: str) -> float:
        """Count an attempt before its password is checked: 0 when it may go ahead, else how
        long the username must wait. Checking and counting under one lock means parallel
        sign-ins from many sessions cannot all pass the limit; a success clears the count."""
        with self._lock:
            key = normalise_name(name)
            recent = self._recent(key)
            if len(recent) >= self.max_failures:
                return max(0.0, recent[-self.max_failures] + self.lockout - self.clock())
            self._failures[key] = [*recent, self.clock()]
            return 0.0

    def failed(self, name: str) -> None:
        with self._lock:
            key = normalise_name(name)
            self._failures[key] = [*self._recent(key), self.clock()]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(normalise_name(name), None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        return [t for t in self._failures.get(key, []) if now - t < self.lockout]


THROTTLE = LoginThrottle()


# =================================================================================== scopes

# An LA's region: Ofsted's public lookup (ref_la, else ref_ilacs_judgements) when the LA is in it,
# so loading a submission under another region's name cannot move a real LA into that region;
# otherwise the region its current submission was loaded with (current as int_scope chooses it).
# A region matches case-insensitively, by Ofsted code or name ("YH", "Yorkshire and the Humber").
REGION_LAS_SQL = """
with public_la as (
    select coalesce(l.la_code, j.la_code) as la_code,
           coalesce(l.region_code, j.region_code) as region_code
    from ref_la as l full join ref_ilacs_judgements as j on l.la_code = j.la_code
),
region_names as (
    select region_code, region_name, rgn22cd from ref_region
),
labels as (
    select la_code, region_code as label from public_la
    union all
    select p.la_code, n.region_name from public_la as p join region_names as n using (region_code)
    union all
    select la_code, max_by(region, (as_at_date, loaded_at, submission_id)) from submissions
    where la_code not in (select la_code from public_la where region_code is not null)
    group by la_code
),
wanted as (
    select lower(trim(cast($1 as varchar))) as label
    union
    select lower(trim(x)) from region_names, unnest([region_code, region_name, rgn22cd]) as t(x)
    where lower(trim(cast($1 as varchar))) in (lower(region_code), lower(region_name),
                                               lower(rgn22cd))
)
select distinct la_code from labels
where la_code is not null and lower(trim(label)) in (select label from wanted)
order by la_code
"""

KNOWN_LA_SQL = ("select count(*) as n from (select la_code from submissions union all "
                "select la_code from ref_la union all select la_code from ref_ilacs_judgements) "
                "where la_code = ?")

Query = Callable[[str, list], object]  # (sql, params) -> a DataFrame with an la_code column


def allowed_las(user: User, query: Query) -> frozenset[str]:
    """The LA codes this user may see: an inspector's named LAs; for an analytical officer or a
    regional senior inspector, every LA of their region, loaded or only in the public lists."""
    if user.role not in REGION_ROLES:
        return frozenset(user.las)
    frame = query(REGION_LAS_SQL, [user.region])
    return frozenset(str(c) for c in frame["la_code"])


def load_refusal(user: User, la_code: str, allowed: frozenset[str], known: bool) -> str | None:
    """Why this user may not load a submission for the LA, or None when they may.

    A new LA (known nowhere: neither loaded nor in Ofsted's public lists) joins the user's region;
    an LA already known elsewhere stays with its region's team."""
    if not user.can_manage_data:
        return (f"{user.role_label}s do not load data: an analytical officer or regional senior "
                "inspector of the region does.")
    if la_code in allowed or not known:
        return None
    return f"LA {la_code} is not in your region ({user.region}): you cannot load data for it."

"""`annexa users add|list|remove`: the dashboard's users file (annexa/security/access.py).

Run on the server by whoever administers it. The command itself is not access-controlled: anyone
who can run it can also read the database file directly, so the protection is the server's own
accounts and file permissions. Exit 0 done, 1 nothing to do (no such user), 2 bad input.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from annexa.security import access


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--users", metavar="PATH",
                        help=f"users file (default ${access.USERS_ENV}, else users.toml beside "
                        "the database: data/users.toml)")
    p = sub.add_parser("users", help="manage the dashboard's users (access control on a shared "
                       "server)", description="Add, list or remove the users who may sign in to "
                       "the dashboard. Access control is on while the users file exists.")
    verbs = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = verbs.add_parser("add", parents=[common], help="add a user (asks for the password)",
                           description="Add a user. Analytical officers and regional senior "
                           "inspectors see every LA of their --region; inspectors see the LAs "
                           "given with --la.")
    add.add_argument("name", metavar="NAME", help="username: lower-case letters, digits, . _ @ -")
    add.add_argument("--role", required=True, choices=list(access.ROLES))
    add.add_argument("--region", metavar="R", help="Ofsted region name or code, or the region "
                     "the LAs were loaded with (analytical officers, regional senior inspectors)")
    add.add_argument("--la", action="append", default=[], metavar="CODE",
                     help="an LA code the inspector may see; repeat for several")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input (scripts)")
    add.add_argument("--replace", action="store_true",
                     help="replace an existing user of that name (new password, role, scope)")
    add.set_defaults(func=run_add)

    ls = verbs.add_parser("list", parents=[common], help="list the users (never their hashes)")
    ls.set_defaults(func=run_list)

    rm = verbs.add_parser("remove", parents=[common], help="remove a user")
    rm.add_argument("name", metavar="NAME")
    rm.set_defaults(func=run_remove)


def _fail(message: str, code: int = 2) -> int:
    print(f"annexa users: {message}", file=sys.stderr)
    return code


def _existing(path: str | None) -> dict[str, access.User]:
    """The users in the file (none when there is no file yet); raises UsersFileError."""
    if not access.users_path(path).exists():
        return {}
    return access.load_users(path)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def run_add(args: argparse.Namespace) -> int:
    name = access.normalise_name(args.name)
    if not access.NAME_PATTERN.match(name):
        return _fail(f"'{args.name}' is not a valid username: 1-64 lower-case letters, digits, "
                     "'.', '_', '@' or '-'")
    if args.role in access.REGION_ROLES:
        if not (args.region or "").strip():
            return _fail(f"a {access.ROLES[args.role].lower()} needs --region")
        if args.la:
            return _fail(f"a {access.ROLES[args.role].lower()} sees a whole region: leave out "
                         "--la")
    else:
        if not [c for c in args.la if c.strip()]:
            return _fail("an inspector needs at least one --la CODE")
        if args.region:
            return _fail("an inspector sees the LAs given with --la: leave out --region")
    try:
        users = _existing(args.users)
    except access.UsersFileError as exc:
        return _fail(f"{exc}. Fix the file by hand first; nothing was changed.")
    if name in users and not args.replace:
        return _fail(f"user '{name}' already exists: add --replace to change them")
    try:
        password = _read_password(args.password_stdin)
    except (ValueError, EOFError, KeyboardInterrupt) as exc:
        return _fail(f"no password set ({exc or 'cancelled'}); nothing was changed")
    if len(password) < access.MIN_PASSWORD_LENGTH:
        return _fail(f"the password must have at least {access.MIN_PASSWORD_LENGTH} characters; "
                     "nothing was changed")
    user = access.User(name, args.role, access.hash_password(password),
                       region=args.region.strip() if args.role in access.REGION_ROLES else None,
                       las=tuple(dict.fromkeys(c.strip() for c in args.la if c.strip())))
    users[name] = user
    path = access.write_users(users.values(), args.users)
    print(f"{'Replaced' if args.replace else 'Added'} {name}: {user.role_label.lower()}, "
          f"{user.scope_text}. Users file: {path} (access control is on while it exists).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    path = access.users_path(args.users)
    try:
        users = _existing(args.users)
    except access.UsersFileError as exc:
        return _fail(f"{exc}. Nobody can sign in until it is fixed.")
    if not path.exists():
        print(f"No users file at {path}: access control is off (every LA is visible to anyone "
              "who can open the dashboard).")
        return 0
    print(f"Users file: {path} ({len(users)} user{'s' if len(users) != 1 else ''}; access "
          "control is on)")
    width = max([len(n) for n in users] + [4])
    for u in sorted(users.values(), key=lambda u: u.name):
        print(f"  {u.name:<{width}}  {u.role:<25}  {u.scope_text}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    name = access.normalise_name(args.name)
    try:
        users = _existing(args.users)
    except access.UsersFileError as exc:
        return _fail(f"{exc}. Fix the file by hand first; nothing was changed.")
    if name not in users:
        return _fail(f"no user '{name}'", code=1)
    del users[name]
    path = access.write_users(users.values(), args.users)
    print(f"Removed {name}; signed-in sessions of {name} end at their next click.")
    if not users:
        print(f"No users left: nobody can sign in. Delete {path} to turn access control off.")
    return 0

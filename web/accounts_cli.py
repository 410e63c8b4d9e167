"""Administer team-mode accounts from the shell, on the database the server uses.

    python -m web.accounts_cli add ada@example.com --name "Ada"   # asks for the password
    python -m web.accounts_cli disable ada@example.com
    python -m web.accounts_cli claim-personal ada@example.com     # personal-mode interviews -> Ada

The password is read with getpass (or from VIVA_NEW_PASSWORD, for scripts), never from the
command line, where other users of the machine could see it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlmodel import Session, select

from interviewer.accounts import LOCAL_USER_ID, AccountError, Accounts, UserRow
from interviewer.storage import InterviewRow, Store
from web.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.accounts_cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create a password account")
    add.add_argument("email")
    add.add_argument("--name", default="")
    commands.add_parser("disable", help="sign an account out and refuse it").add_argument("email")
    claim = commands.add_parser(
        "claim-personal", help="give the personal-mode interviews to an account"
    )
    claim.add_argument("email")
    args = parser.parse_args(argv)

    store = Store(Settings().database_url)
    accounts = Accounts(store.engine)
    try:
        if args.command == "add":
            password = os.environ.get("VIVA_NEW_PASSWORD") or getpass.getpass("Password: ")
            user = accounts.create_user(args.email, args.name, password)
            print(f"added {user.email} ({user.id})")
            return 0
        found = accounts.user_by_email(args.email)
        if found is None:
            raise AccountError(f"no account with e-mail {args.email}")
        with Session(store.engine) as session:
            if args.command == "disable":
                row = session.get(UserRow, found.id)
                assert row is not None
                row.disabled = True
                session.add(row)
                print(f"disabled {found.email}")
            else:
                query = select(InterviewRow).where(InterviewRow.user_id == LOCAL_USER_ID)
                moved = 0
                for interview in session.exec(query):
                    interview.user_id = found.id
                    session.add(interview)
                    moved += 1
                print(f"gave {moved} interview(s) to {found.email}")
            session.commit()
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`devtools token`: a development access token signed by the local key pair."""

from __future__ import annotations

import argparse
from datetime import timedelta

from devtools.cli import Command
from konfliktrad_shared.auth_tokens import DEFAULT_MAX_LIFETIME
from konfliktrad_shared.devkeys import ensure_dev_keypair, mint_token
from konfliktrad_shared.local_paths import local_state_dir
from konfliktrad_shared.settings import ServiceSettings

MAX_MINUTES = int(DEFAULT_MAX_LIFETIME.total_seconds() // 60)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", action="append", required=True, help="repeat for more roles")
    parser.add_argument("--office", default="konfliktradet-oslo")
    parser.add_argument("--subject", default="developer")
    parser.add_argument(
        "--minutes",
        type=int,
        default=60,
        choices=range(1, MAX_MINUTES + 1),
        metavar=f"1..{MAX_MINUTES}",
        help="the services refuse a token that lives longer than an hour",
    )


def _run(args: argparse.Namespace) -> int:
    keys = ensure_dev_keypair(local_state_dir() / "keys")
    defaults = ServiceSettings(service_name="devtools", http_port=0)
    print(
        mint_token(
            keys.private_key.read_bytes(),
            keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=args.subject,
            roles=tuple(args.role),
            office=args.office,
            ttl=timedelta(minutes=args.minutes),
        )
    )
    return 0


COMMAND = Command(
    help="mint a development bearer token from the local key pair",
    configure=_configure,
    run=_run,
)

"""An agency's inbox, stood in for in the compose suite (run from the devtools image): the
stand-in `devtools up` runs in-process (`devtools.standins.AgencyInbox`), served as an
agency's endpoint must be.

    https://:8443/inbox      the inbox: HTTPS with its server certificate, no handshake
                             without a client certificate the CA signed, and a delivery whose
                             signature (every ce-* header and the body) does not verify
                             against a trusted adapter key is refused and not recorded
    http://:8080/deliveries  what arrived, oldest first, a redelivery as often as it came,
                             as JSON; /counts: how many times each ce-id arrived;
                             /refusals: why the rest was refused.
    http://:8080/livez       The stand-in's window for operators and the healthcheck
                             (published on 127.0.0.1 only)

Kept in memory: a restart forgets, and the adapter's outbox keeps retrying until it is back.

    python /app/agency_inbox.py --name prosecution \\
        --trust prosecution-adapter=/run/secrets/adapter-signing.pub.pem \\
        --cert /run/secrets/inbox-cert.pem --key /run/secrets/inbox-key.pem \\
        --ca /run/secrets/ca.pem
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from devtools.standins import AgencyInbox
from konfliktrad_shared.delivery_signature import public_key_from_pem


def window(inbox: AgencyInbox) -> FastAPI:
    app = FastAPI(title=f"{inbox.name} inbox stand-in: what arrived")

    @app.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/deliveries")
    async def deliveries() -> list[dict[str, Any]]:
        return [vars(delivery) for delivery in inbox.deliveries]

    @app.get("/counts")
    async def counts() -> dict[str, int]:
        return dict(inbox.received_counts())

    @app.get("/refusals")
    async def refusals() -> list[str]:
        return inbox.refusals

    return app


def _trusted(pairs: list[str]) -> dict[str, Any]:
    keys = {}
    for pair in pairs:
        key_id, _, path = pair.partition("=")
        if not key_id or not path:
            raise SystemExit(f"--trust {pair!r}: expected KEY_ID=PUBLIC_KEY_PEM_FILE")
        keys[key_id] = public_key_from_pem(Path(path).read_bytes())
    return keys


async def serve(args: argparse.Namespace) -> None:
    inbox = AgencyInbox(args.name, _trusted(args.trust))
    endpoint = uvicorn.Config(
        inbox.app(),
        host="0.0.0.0",
        port=args.port,
        log_level="info",
        ssl_certfile=str(args.cert),
        ssl_keyfile=str(args.key),
        ssl_ca_certs=str(args.ca),
        ssl_cert_reqs=ssl.CERT_REQUIRED,
    )
    view = uvicorn.Config(window(inbox), host="0.0.0.0", port=args.window_port, log_level="warning")
    await asyncio.gather(uvicorn.Server(endpoint).serve(), uvicorn.Server(view).serve())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True, help="the agency, e.g. prosecution")
    parser.add_argument(
        "--trust",
        action="append",
        required=True,
        metavar="KEY_ID=FILE",
        help="an adapter's signing key id and public key (PEM); repeat for more",
    )
    parser.add_argument("--cert", type=Path, required=True, help="server certificate chain")
    parser.add_argument("--key", type=Path, required=True, help="its key")
    parser.add_argument("--ca", type=Path, required=True, help="CA of the client certificates")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--window-port", type=int, default=8080)
    asyncio.run(serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()

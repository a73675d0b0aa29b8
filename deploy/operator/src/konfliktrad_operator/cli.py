"""`konfliktrad-operator`: dead letters, outboxes and consumer lag, for the operations team.

Thin: each command reads its settings, calls one function of the modules beside it and
renders the answer with Rich. Nothing a command prints carries a payload unless `--reveal`
asked for it, and a reveal is recorded in the audit log before it is shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click
import httpx
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from konfliktrad_operator import access_request, audit, dead_letters, lag
from konfliktrad_operator.settings import OperatorSettings
from konfliktrad_shared.audit_chain import Verdict, verify_table
from konfliktrad_shared.db import (
    PlumbingTables,
    create_engine,
    define_plumbing_tables,
    new_metadata,
    session_factory,
)
from konfliktrad_shared.outbox_status import outbox_status as outbox_status_of
from konfliktrad_shared.outbox_status import release_parked

T = TypeVar("T")

NEWEST_SHOWN = 20  # dead letters' positions listed per topic


def _console() -> Console:
    # Made per command, so its width follows the terminal (or COLUMNS) of this run.
    return Console()


def _run(work: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(work)
    except dead_letters.UnknownTopic as unknown:
        raise click.ClickException(str(unknown)) from unknown


@click.group()
def cli() -> None:
    """See and repair the flow of messages of the Konfliktrådet suite."""


@cli.group()
def dlq() -> None:
    """Dead-letter topics: list, show, replay."""


@dlq.command("list")
@click.option("--topic", "topics", multiple=True, help="Only these dead-letter topics.")
def dlq_list(topics: tuple[str, ...]) -> None:
    """Per dead-letter topic: how many records, why, at which offsets."""
    access = OperatorSettings().kafka_access()
    summaries = _run(dead_letters.summarise(access, topics or dead_letters.dead_letter_topics()))
    table = Table(title="dead letters")
    for column in ("topic", "count", "reasons", "offsets (partition:offset)"):
        table.add_column(column)
    for summary in summaries:
        table.add_row(
            summary.topic,
            str(summary.count),
            ", ".join(f"{reason}×{n}" for reason, n in sorted(summary.reasons.items())),
            # The newest: what an operator is usually after (all of them with `dlq show`).
            ("… " if len(summary.positions) > NEWEST_SHOWN else "")
            + " ".join(str(position) for position in summary.positions[-NEWEST_SHOWN:]),
        )
    _console().print(table)


@dlq.command("show")
@click.argument("topic")
@click.option("--offset", "offsets", multiple=True, help="PARTITION:OFFSET (or OFFSET on 0).")
@click.option("--reveal", is_flag=True, help="Also print the payload (recorded in the audit log).")
@click.option("--why", default="", help="Why the payload is revealed (goes to the audit log).")
def dlq_show(topic: str, offsets: tuple[str, ...], reveal: bool, why: str) -> None:
    """Headers, reason and error of dead letters; the payload only with --reveal."""
    settings = OperatorSettings()
    access = settings.kafka_access()
    positions = [dead_letters.Position.parse(o) for o in offsets] or None
    letters = _run(dead_letters.fetch(access, topic, positions))
    if not letters:
        raise click.ClickException(
            f"no dead letters in {topic} at {', '.join(offsets) or 'any offset'}"
        )
    for letter in letters:
        table = Table(title=f"{topic} @ {letter.position}", show_header=False)
        table.add_row("reason", letter.reason)
        table.add_row("error", letter.headers.get("dlq_error", ""))
        table.add_row("key", letter.key or "")
        for name, value in sorted(letter.headers.items()):
            if name not in {"dlq_reason", "dlq_error"}:
                table.add_row(name, value)
        _console().print(table)
        if reveal:
            audit.record_reveal(
                settings.audit_path(),
                audit.Reveal(access.username, topic, str(letter.position), why),
            )
            _console().print(letter.payload.decode("utf-8", "replace"), markup=False)


@dlq.command("replay")
@click.argument("topic")
@click.option("--offset", "offsets", multiple=True, help="PARTITION:OFFSET; all if none given.")
def dlq_replay(topic: str, offsets: tuple[str, ...]) -> None:
    """Puts dead letters back on the topic they came from, with their own `ce_id`."""
    access = OperatorSettings().kafka_access()
    try:
        target = dead_letters.original_topic(topic, dead_letters.operator_may_write(access))
    except dead_letters.CannotReplay as refused:
        raise click.ClickException(str(refused)) from refused
    positions = [dead_letters.Position.parse(o) for o in offsets] or None
    letters = _run(dead_letters.fetch(access, topic, positions))
    missing = sorted(map(str, set(positions or ()) - {letter.position for letter in letters}))
    if missing:
        raise click.ClickException(f"no dead letter at {', '.join(missing)}")
    with Progress(
        TextColumn("replaying {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_console(),
    ) as progress:
        task = progress.add_task(topic, total=len(letters))
        try:
            sent = _run(dead_letters.replay(access, letters, lambda _l: progress.advance(task)))
        except dead_letters.CannotReplay as refused:
            raise click.ClickException(str(refused)) from refused
    _console().print(f"replayed {sent} dead letter(s) from {topic} to {target}")


@cli.group()
def outbox() -> None:
    """A service's outbox: backlog, parked rows, release."""


_database_url = click.option(
    "--database-url", default=None, help="Else OPERATOR_<SERVICE>_DATABASE_URL."
)


@outbox.command("status")
@click.argument("service")
@_database_url
def outbox_status(service: str, database_url: str | None) -> None:
    """Unsent rows, the age of the oldest, and the parked rows with their errors."""
    url = OperatorSettings().database_url(service, database_url)
    status = _run(_with_engine(url, lambda engine: outbox_status_of(engine, _plumbing())))
    age = status.oldest_unsent_age_seconds
    _console().print(
        f"{service}: backlog {status.backlog}, oldest unsent "
        f"{'—' if age is None else f'{age:.0f} s'}, parked {len(status.parked)}"
    )
    if status.parked:
        table = Table(title="parked rows")
        for column in ("id", "topic", "event type", "attempts", "parked at", "last error"):
            table.add_column(column)
        for row in status.parked:
            table.add_row(
                str(row.id),
                row.topic,
                row.event_type,
                str(row.attempts),
                row.parked_at.isoformat(timespec="seconds"),
                row.last_error or "",
            )
        _console().print(table)


@outbox.command("retry")
@click.argument("service")
@click.argument("row_id", type=int)
@_database_url
def outbox_retry(service: str, row_id: int, database_url: str | None) -> None:
    """Releases a parked row: the relay tries it again, and its key's later rows after it."""
    url = OperatorSettings().database_url(service, database_url)

    async def release(engine: Any) -> bool:
        return await release_parked(engine, _plumbing(), row_id)

    if not _run(_with_engine(url, release)):
        raise click.ClickException(f"outbox row {row_id} is not parked")
    _console().print(f"{service}: outbox row {row_id} released")


def _plumbing() -> PlumbingTables:
    """Every service's outbox has the same name and columns: one description reads them all."""
    return define_plumbing_tables(new_metadata())


async def _with_engine(url: str, work: Any) -> Any:
    engine = create_engine(url)
    try:
        return await work(engine)
    finally:
        await engine.dispose()


@cli.group("audit")
def audit_group() -> None:
    """A service's audit chain: who did or saw what, append-only and hash-linked."""


@audit_group.command("verify")
@click.argument("service")
@_database_url
def audit_verify(service: str, database_url: str | None) -> None:
    """Recompute every entry's hash and link: OK with the count, or the first broken link."""
    url = OperatorSettings().database_url(service, database_url)

    async def check(engine: Any) -> Verdict:
        async with session_factory(engine)() as session:
            return await verify_table(session, _plumbing().audit)

    verdict: Verdict = _run(_with_engine(url, check))
    if not verdict.intact:
        raise click.ClickException(
            f"{service}: audit chain broken at entry {verdict.broken_at} ({verdict.reason}); "
            f"{verdict.count} entries before it verified"
        )
    _console().print(f"{service}: audit chain OK, {verdict.count} entries")


@cli.command("lag")
@click.option("--group", "groups", multiple=True, help="Only these consumer groups.")
def lag_command(groups: tuple[str, ...]) -> None:
    """Per consumer group and partition: committed offset, end offset, lag."""
    access = OperatorSettings().kafka_access()
    rows = _run(lag.consumer_lag(access, list(groups) or None))
    table = Table(title="consumer lag")
    for column in ("group", "topic", "partition", "committed", "end", "lag"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.group,
            row.topic,
            str(row.partition),
            str(row.committed),
            str(row.end),
            str(row.lag),
        )
    _console().print(table)


def _officer_token(urls: access_request.ServiceUrls) -> str:
    if urls.dpo_token:
        return urls.dpo_token
    if OperatorSettings().local_profile:
        return access_request.local_token()
    raise click.ClickException(
        "set OPERATOR_DPO_TOKEN: a token with the data_protection_officer role"
    )


@cli.command("access-request")
@click.argument("national_id")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write FILE.json and FILE.md (the copy to hand over); without it, print the Markdown.",
)
def access_request_command(national_id: str, out: str | None) -> None:
    """Everything every service holds on one person (GDPR art. 15), as one document."""
    urls = access_request.ServiceUrls()
    token = _officer_token(urls)

    async def gather() -> access_request.AccessDocument:
        async with httpx.AsyncClient(timeout=30.0) as client:
            return await access_request.gather(national_id, urls, token, client)

    document = _run(gather())
    console = _console()
    if out is None:
        console.print(Markdown(access_request.as_markdown(document)))
    else:
        stem = Path(out).with_suffix("")
        stem.with_suffix(".json").write_text(access_request.as_json(document), encoding="utf-8")
        stem.with_suffix(".md").write_text(access_request.as_markdown(document), encoding="utf-8")
        console.print(f"written: {stem}.json, {stem}.md")
    table = Table(title="records per service")
    table.add_column("service")
    table.add_column("records")
    for service, held in sorted(document.by_service().items()):
        table.add_row(service, str(len(held)))
    for service, why in sorted(document.unanswered.items()):
        table.add_row(service, f"[red]not answered: {why}[/red]")
    console.print(table)
    if document.unanswered:
        raise SystemExit(1)


@cli.command("erasure-request")
@click.argument("national_id")
def erasure_request_command(national_id: str) -> None:
    """Erase one person's data where the law allows it (GDPR art. 17); says why where not."""
    urls = access_request.ServiceUrls()
    token = _officer_token(urls)

    async def erase() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=30.0) as client:
            return await access_request.erase(national_id, urls, token, client)

    table = Table(title="erasure")
    for column in ("service", "record", "erased", "provision", "reason"):
        table.add_column(column, overflow="fold")
    for outcome in _run(erase()):
        table.add_row(
            outcome["service"],
            outcome["record_id"],
            "yes" if outcome["erased"] else "[red]refused[/red]",
            outcome["provision"],
            outcome["reason"],
        )
    _console().print(table)


def main() -> None:
    cli()

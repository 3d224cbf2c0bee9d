"""The command line: `followup-bot serve | chat | db upgrade | demo-data | admin add | import | export | template |
manifest build`."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.domain.errors import InvalidInput
from bot.i18n import Texts, texts_for
from bot.settings import Settings

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    texts = texts_for("en" if os.environ.get("LANG", "").lower().startswith("en") else "sv")
    default_level = "INFO" if args.command == "serve" else "WARNING"  # one-shot commands speak by their output
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", default_level).upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every run of every job at INFO
    try:
        settings = Settings()
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or e.get('input')}: {e['msg']}" for e in error.errors())
        return _fail(texts("cli.settings_invalid", reason=reasons))
    try:
        return args.run(args, settings, texts)
    except (OperationalError, InterfaceError, DBAPIError, OSError, asyncio.TimeoutError) as error:
        if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
            return _fail(texts("cli.port_busy", port=getattr(args, "port", "?")))
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:300] or type(error).__name__
        return _fail(texts("cli.db_unreachable", url=settings.safe_database_url(), reason=reason))
    except KeyboardInterrupt:
        print(texts("cli.interrupted"), file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup-bot", description="Uppföljningsboten – leverantörsuppföljning i Microsoft Teams."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the bot's HTTP endpoint (/api/messages, /healthz)")
    serve.add_argument("--host", default=None, help="address to listen on (default HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default PORT or 3978)")
    serve.add_argument("--demo", action="store_true", help="load the demo data if the database is empty")
    serve.set_defaults(run=_serve)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--as", dest="email", default=None, help="the contact's e-mail to chat as")
    chat.add_argument("--lang", choices=("sv", "en"), default="sv", help="language (default sv)")
    chat.set_defaults(run=_chat)

    db = commands.add_parser("db", help="database commands")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="migrate the database to the latest schema").set_defaults(run=_db_upgrade)

    commands.add_parser("demo-data", help="load the fictional demo data set").set_defaults(run=_demo_data)

    admin = commands.add_parser("admin", help="administrators")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True, metavar="ADMIN_COMMAND")
    admin_add = admin_commands.add_parser("add", help="make a person (by e-mail) an administrator")
    admin_add.add_argument("email")
    admin_add.set_defaults(run=_admin_add)

    register_import = commands.add_parser(
        "import", help="import the register from a workbook (.xlsx) or one sheet as CSV; all or nothing"
    )
    register_import.add_argument("file", type=Path, help="the .xlsx (or .csv with --sheet) to import")
    register_import.add_argument("--sheet", default=None,
                                 help="import only this sheet (required for CSV), e.g. Avtal")
    register_import.add_argument("--dry-run", action="store_true",
                                 help="check every row and show what would change, without writing")
    register_import.set_defaults(run=_import)
    register_export = commands.add_parser(
        "export", help="write the follow-up workbook (.xlsx): the register, KPIs and the follow-up of contracts"
    )
    register_export.add_argument("file", type=Path)
    register_export.add_argument("--contract", default=None, metavar="REF", help="only this contract's rows")
    register_export.add_argument("--supplier", default=None, metavar="ORGNR", help="only this supplier's rows")
    register_export.set_defaults(run=_export)
    template = commands.add_parser("template", help="write an empty register workbook with its headers")
    template.add_argument("file", type=Path)
    template.set_defaults(run=_template)

    manifest = commands.add_parser("manifest", help="the Teams app package")
    manifest_commands = manifest.add_subparsers(dest="manifest_command", required=True, metavar="MANIFEST_COMMAND")
    build = manifest_commands.add_parser("build", help="write the app package zip")
    build.add_argument("--app-id", required=True, help="the Teams app id (GUID)")
    build.add_argument("--bot-id", required=True, help="the Azure Bot's Microsoft App ID (GUID)")
    build.add_argument("--version", default=None, help="app version x.y.z (default from the manifest)")
    build.add_argument("--out", type=Path, default=Path("app.zip"), help="the zip to write (default app.zip)")
    build.set_defaults(run=_manifest_build)
    return parser


def _fail(message: str, status: int = 1) -> int:
    print(message, file=sys.stderr)
    return status


def _with_engine(settings: Settings, work: Callable[..., Awaitable[object]]) -> object:
    from storage.engine import open_engine
    from storage.migrate import upgrade_database

    async def run() -> object:
        engine = open_engine(settings.database_url)
        try:
            async with asyncio.timeout(30):
                await upgrade_database(engine)
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _serve(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from aiohttp import web

    from bot.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    app = create_app(settings, demo=args.demo)

    async def announce(_app: web.Application) -> None:
        log.info(
            "Uppföljningsboten is listening on http://%s:%s/api/messages (health: /healthz), database %s, auth %s",
            host, port, settings.safe_database_url(), "on" if settings.auth_enabled else "off (local use)",
        )

    app.on_startup.append(announce)
    web.run_app(app, host=host, port=port, print=None, access_log=None, handle_signals=True)
    return 0


def _chat(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from bot.terminal_chat import run_chat

    return int(_with_engine(settings, lambda engine: run_chat(engine, settings, email=args.email, language=args.lang)))


def _db_upgrade(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from storage.migrate import current_revision

    revision = _with_engine(settings, current_revision)
    print(texts("cli.db_upgraded", url=settings.safe_database_url(), revision=revision))
    return 0


def _demo_data(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from storage.demo_data import load_demo_data

    summary = _with_engine(settings, load_demo_data)
    if not summary.loaded:
        print(texts("cli.demo_skipped"))
        return 0
    print(texts("cli.demo_loaded", suppliers=summary.suppliers, contracts=summary.contracts,
                contacts=summary.contacts))
    return 0


def _admin_add(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from bot.domain.roles import GlobalRole
    from bot.services.administration import grant_global_role
    from storage.unit_of_work import unit_of_work_factory

    async def grant(engine):
        return await grant_global_role(
            unit_of_work_factory(engine), args.email, GlobalRole.ADMINISTRATOR, actor_label="cli"
        )

    try:
        person = _with_engine(settings, grant)
    except InvalidInput:
        return _fail(texts("cli.email_invalid", value=args.email))
    print(texts("cli.admin_added", email=person.email))
    return 0


def _import(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from bot.domain.follow_up_layout import IMPORTED
    from bot.domain.register_rows import LAYOUT
    from bot.domain.text import fold
    from bot.services.register_transfer import import_register
    from storage.unit_of_work import unit_of_work_factory
    from storage.workbook import UnreadableFile, read_csv, read_workbook

    path: Path = args.file
    sheet = None
    if args.sheet is not None:
        sheet = next((name for name in (*LAYOUT, *IMPORTED) if fold(name) == fold(args.sheet)), None)
        if sheet is None:
            return _fail(texts("cli.unknown_sheet", sheet=args.sheet, sheets=", ".join((*LAYOUT, *IMPORTED))), 2)
    is_csv = path.suffix.lower() == ".csv"
    if is_csv and sheet is None:
        return _fail(texts("cli.csv_needs_sheet"), 2)
    try:
        sheets = read_csv(path, sheet) if is_csv else read_workbook(path)
    except UnreadableFile as error:
        return _fail(texts(f"cli.file_{error.reason}", path=path), 2)
    if sheet is not None and not is_csv:
        sheets = {name: data for name, data in sheets.items() if name == sheet}

    async def run(engine):
        return await import_register(unit_of_work_factory(engine), sheets, actor_label=f"import:{path.name}",
                                     only=sheet, dry_run=args.dry_run, zone=ZoneInfo(settings.timezone),
                                     today=datetime.now(ZoneInfo(settings.timezone)).date())

    report = _with_engine(settings, run)
    if not report.ok:
        lines = [texts("cli.import_refused", count=len({(e.sheet, e.row) for e in report.errors}))]
        lines += [texts("cli.import_error_line", sheet=e.sheet, row=e.row, reason=texts(e.code, **e.params))
                  for e in report.errors]
        return _fail("\n".join(lines))
    print(texts("cli.import_would" if args.dry_run else "cli.import_done", file=path.name))
    for kind, counts in report.counts.shown().items():
        print(texts("cli.import_line", kind=texts(f"cli.import_kind.{kind}"), created=counts.created,
                    updated=counts.updated, unchanged=counts.unchanged))
    if not report.counts.changed:
        print(texts("cli.import_unchanged"))
    elif args.dry_run:
        print(texts("cli.import_dry_run"))
    return 0


def _export(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from bot.domain import follow_up_layout as f
    from bot.domain.contracts import normalise_reference
    from bot.domain.errors import ContractNotFound, DomainError, SupplierNotFound
    from bot.domain.register_rows import AMENDMENTS, CONTACTS, CONTRACTS, KPI_VALUES, KPIS, SPEND, SUPPLIERS
    from bot.domain.suppliers import normalise_org_number
    from bot.services.register_transfer import export_register
    from storage.unit_of_work import unit_of_work_factory
    from storage.workbook import write_workbook

    if args.contract is not None and args.supplier is not None:
        return _fail(texts("cli.export_both_filters"), 2)
    try:
        contract = normalise_reference(args.contract) if args.contract is not None else None
    except DomainError:
        return _fail(texts("cli.export_unknown_contract", value=args.contract), 2)
    try:
        supplier = normalise_org_number(args.supplier) if args.supplier is not None else None
    except DomainError:
        return _fail(texts("cli.export_unknown_supplier", value=args.supplier), 2)
    zone = ZoneInfo(settings.timezone)
    language = "en" if texts.language == "en" else "sv"

    async def run(engine):
        return await export_register(unit_of_work_factory(engine), contract=contract, supplier=supplier,
                                     today=datetime.now(zone).date(), zone=zone, language=language)

    try:
        values = _with_engine(settings, run)
    except ContractNotFound:
        return _fail(texts("cli.export_unknown_contract", value=args.contract), 2)
    except SupplierNotFound:
        return _fail(texts("cli.export_unknown_supplier", value=args.supplier), 2)
    try:
        write_workbook(args.file, values)
    except OSError as error:
        return _fail(texts("cli.file_unwritable", path=args.file, reason=error.strerror or error))
    print(texts("cli.export_done", path=args.file, suppliers=len(values[SUPPLIERS]),
                contracts=len(values[CONTRACTS]), roles=len(values[CONTACTS]),
                amendments=len(values[AMENDMENTS]), spend=len(values[SPEND]), kpis=len(values[KPIS]),
                kpi_values=len(values[KPI_VALUES])))
    print(texts("cli.export_follow_up", decisions=len(values[f.DECISIONS]), actions=len(values[f.ACTIONS]),
                meetings=len(values[f.MEETINGS]), deviations=len(values[f.DEVIATIONS]),
                sanctions=len(values[f.SANCTIONS]), checklists=len(values[f.CHECKLISTS]),
                swot=len(values[f.SWOT]), ratings=len(values[f.RATINGS]), lessons=len(values[f.LESSONS])))
    return 0


def _template(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from storage.workbook import write_template

    try:
        write_template(args.file)
    except OSError as error:
        return _fail(texts("cli.file_unwritable", path=args.file, reason=error.strerror or error))
    print(texts("cli.template_done", path=args.file))
    return 0


def _manifest_build(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    from manifest.build import ManifestError, build_package

    try:
        path = build_package(args.app_id, args.bot_id, args.out, version=args.version)
    except ManifestError as error:
        return _fail(texts("cli.manifest_failed", reason=error))
    except OSError as error:
        return _fail(texts("cli.manifest_failed", reason=f"{args.out}: {error.strerror}"))
    print(texts("cli.manifest_built", path=path))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `kaizen` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.config import ConfigError, RunMode, Settings, load_settings
from bot.messages import cli as words
from bot.messages import config as config_words
from bot.runtime.logs import configure_logging
from bot.runtime.redaction import redact

EXIT_CONFIG = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except ConfigError as error:
        print(words.config_error(str(error)), file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command or settings.default_mode().value
    configure_logging(settings.log_level, settings.secret_values())
    if command == "db":
        _migrate(settings)
        print(words.DATABASE_UP_TO_DATE)
        return 0
    if command == "stats":
        from bot.surfaces.stats.cli import run_stats_cli

        _migrate(settings)
        return asyncio.run(
            run_stats_cli(
                settings.database_url,
                days=args.days,
                team_id=args.team,
                as_json_output=args.json,
            )
        )
    if command == "learn":
        from bot.learning.loop import learn_once

        _migrate(settings)
        print(asyncio.run(learn_once(settings, force=args.force)))
        return 0
    mode = RunMode(command)
    settings.require_for(mode)
    _migrate(settings)
    if mode is RunMode.SERVE:
        from bot.runtime.runner import serve

        return serve(settings, host=args.host, port=args.port)
    if mode is RunMode.SOCKET:
        from bot.runtime.runner import run_socket_mode

        return asyncio.run(run_socket_mode(settings))
    from bot.sandbox.console import run_console

    return asyncio.run(run_console(settings))


def _migrate(settings: Settings) -> None:
    from storage.migrate import upgrade

    try:
        upgrade(settings.database_url)
    except Exception as error:  # the driver's own message may quote the URL's password
        detail = redact(str(error).splitlines()[0] if str(error) else "", settings.secret_values())
        shown = ": " + detail[:160] if detail and "://" not in detail else ""
        raise ConfigError(config_words.database_not_prepared(type(error).__name__, shown)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kaizen", description=words.DESCRIPTION)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help=words.SERVE_HELP)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    commands.add_parser("socket", help=words.SOCKET_HELP)
    commands.add_parser("chat", help=words.CHAT_HELP)
    database = commands.add_parser("db", help=words.DB_HELP)
    database.add_argument("action", choices=["upgrade"], help=words.UPGRADE_HELP)
    learn = commands.add_parser("learn", help=words.LEARN_HELP)
    learn.add_argument("--force", action="store_true", help=words.FORCE_HELP)
    stats = commands.add_parser("stats", help=words.STATS_HELP)
    stats.add_argument("--json", action="store_true", help=words.JSON_HELP)
    stats.add_argument("--days", type=_days, default=7, help=words.DAYS_HELP)
    stats.add_argument("--team", default=None, help=words.TEAM_HELP)
    parser.set_defaults(host="127.0.0.1", port=3000)
    return parser


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 365:
        raise argparse.ArgumentTypeError(words.BAD_DAYS)
    return int(value)


if __name__ == "__main__":
    sys.exit(main())

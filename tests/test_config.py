"""Configuration is validated once at start: clear sentence, exit status 2, no secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, RunMode, load_settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRET_TOKEN = "xoxb-000000000-111111111-ThisIsASecretValue"


def run_kaizen(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO_ROOT), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_BOT_TOKEN": SECRET_TOKEN}, "SLACK_SIGNING_SECRET"),
        (
            {
                "SLACK_BOT_TOKEN": SECRET_TOKEN,
                "SLACK_SIGNING_SECRET": "s",
                "DATABASE_URL": "mysql://root@localhost/kaizen",
            },
            "DATABASE_URL",
        ),
        (
            {
                "SLACK_BOT_TOKEN": SECRET_TOKEN,
                "SLACK_SIGNING_SECRET": "s",
                "DATABASE_URL": "::not a url::",
            },
            "DATABASE_URL",
        ),
        ({"SLACK_CLIENT_ID": "123.456"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_BOT_TOKEN": "not-a-token", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"JIRA_URL": "https://acme.atlassian.net"}, "JIRA_EMAIL"),
        ({"KAIZEN_MODEL_TIMEOUT": "soon"}, "KAIZEN_MODEL_TIMEOUT"),
    ],
)
def test_half_configured_setups_exit_2_with_one_clear_sentence(
    tmp_path: Path, env: dict[str, str], variable: str
) -> None:
    result = run_kaizen("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert variable in result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET_TOKEN not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_without_any_slack_configuration_says_what_it_needs(tmp_path: Path) -> None:
    result = run_kaizen("serve", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr


def test_socket_mode_needs_an_app_token(tmp_path: Path) -> None:
    result = run_kaizen("socket", env={"SLACK_BOT_TOKEN": SECRET_TOKEN}, cwd=tmp_path)
    assert result.returncode == 2 and "SLACK_APP_TOKEN" in result.stderr


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run_kaizen(
        "db",
        "upgrade",
        env={"DATABASE_URL": "postgresql+asyncpg://kaizen:hunter2secret@127.0.0.1:1/kaizen"},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr and "hunter2secret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={SECRET_TOKEN}\n")
    result = run_kaizen("serve", env={}, cwd=tmp_path)
    assert result.returncode == 2 and "SLACK_SIGNING_SECRET" in result.stderr


def test_db_upgrade_creates_the_sqlite_database(tmp_path: Path) -> None:
    result = run_kaizen("db", "upgrade", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kaizen.db").exists()


def test_the_mode_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(_env_file=None).default_mode() is RunMode.CHAT
    monkeypatch.setenv("SLACK_BOT_TOKEN", SECRET_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    assert load_settings(_env_file=None).default_mode() is RunMode.SERVE
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-123-abc")
    assert load_settings(_env_file=None).default_mode() is RunMode.SOCKET


def test_database_urls_are_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p%25w@db.internal:5432/kaizen")
    settings = load_settings(_env_file=None)
    assert settings.database_url == "postgresql+asyncpg://u:p%25w@db.internal:5432/kaizen"


def test_admin_users_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAIZEN_ADMIN_USERS", "U0ALICE, U0BOB,,")
    assert load_settings(_env_file=None).admin_users == ["U0ALICE", "U0BOB"]


def test_validation_errors_never_quote_secret_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SECRET_TOKEN)
    with pytest.raises(ConfigError) as raised:
        load_settings(_env_file=None).require_for(RunMode.SERVE)
    assert SECRET_TOKEN not in str(raised.value)

"""Settings from the environment (SPEC §6): defaults, allowlists, clear errors, run modes, secret handling."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops.config import Mode, Settings, SettingsError, load_settings

VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "FLIREO_API_KEY",
    "FLIREO_API_URL",
    "CACHE_TTL_SECONDS",
    "STALE_MAX_AGE_SECONDS",
    "FLIREO_MAX_REQUESTS_PER_MINUTE",
    "PAGE_SIZE",
    "DEFAULT_REGION",
    "DEFAULT_LANGUAGE",
    "ALLOWED_CHANNEL_IDS",
    "ALLOWED_USER_IDS",
    "HOST",
    "PORT",
    "LOG_LEVEL",
    "HEALTH_PORT",
    "SOCKET_MODE_CONNECTIONS",
    "SOCKET_MODE_PING_SECONDS",
    "DATA_DIR",
    "SOCKET_MODE_OPENS_PER_MINUTE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable from the developer's shell, and no stray `.env`: run in an empty directory."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def settings_error(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    return str(caught.value)


def test_a_bad_value_from_dotenv_says_it_came_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=99999\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == "PORT: must be at most 65535 (set in .env)"


def test_defaults_match_the_spec() -> None:
    settings = load_settings()
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.cache_ttl_seconds == 60
    assert settings.stale_max_age_seconds == 86400
    assert settings.flireo_max_requests_per_minute == 60
    assert settings.page_size == 10
    assert settings.default_region == "NL"
    assert settings.allowed_channel_ids == frozenset()
    assert settings.allowed_user_ids == frozenset()
    assert settings.port == 3000
    assert settings.log_level == "INFO"
    assert settings.flireo_api_key is None
    assert settings.demo


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGE_SIZE", "25")
    monkeypatch.setenv("CACHE_TTL_SECONDS", "5")
    monkeypatch.setenv("DEFAULT_REGION", "be")
    monkeypatch.setenv("LOG_LEVEL", " debug ")
    settings = load_settings()
    assert settings.page_size == 25
    assert settings.cache_ttl_seconds == 5
    assert settings.default_region == "BE"
    assert settings.log_level == "DEBUG"


def test_allowlists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_CHANNEL_IDS", "C111, C222,,C333 ")
    monkeypatch.setenv("ALLOWED_USER_IDS", "U1")
    settings = load_settings()
    assert settings.allowed_channel_ids == frozenset({"C111", "C222", "C333"})
    assert settings.allowed_user_ids == frozenset({"U1"})


def test_an_empty_allowlist_allows_everyone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_CHANNEL_IDS", " , ")
    assert load_settings().allowed_channel_ids == frozenset()


def test_flireo_api_url_is_required_with_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    message = settings_error(monkeypatch, FLIREO_API_KEY="sk-live-abcdef")
    assert "FLIREO_API_URL: required when FLIREO_API_KEY is set" in message
    assert "sk-live-abcdef" not in message


def test_a_key_with_its_url_leaves_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLIREO_API_KEY", "sk-live-abcdef")
    monkeypatch.setenv("FLIREO_API_URL", "https://api.flireo.test")
    settings = load_settings()
    assert not settings.demo
    assert settings.flireo_api_url == "https://api.flireo.test"


def test_a_blank_key_means_demo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLIREO_API_KEY", "   ")
    assert load_settings().demo


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PAGE_SIZE", "0", "PAGE_SIZE: must be at least 1"),
        ("PAGE_SIZE", "41", "PAGE_SIZE: must be at most 40"),
        ("PORT", "abc", "PORT: must be a whole number"),
        ("PORT", "70000", "PORT: must be at most 65535"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("DEFAULT_REGION", "NLD", "DEFAULT_REGION: must be a region code phonenumbers knows"),
        ("FLIREO_API_URL", "ftp://x", "FLIREO_API_URL: must start with http:// or https://"),
        ("SLACK_API_URL", "slack.test", "SLACK_API_URL: must start with http:// or https://"),
        ("CACHE_TTL_SECONDS", "-1", "CACHE_TTL_SECONDS: must be at least 0"),
        ("FLIREO_MAX_REQUESTS_PER_MINUTE", "500", "FLIREO_MAX_REQUESTS_PER_MINUTE: must be at most 100"),
    ],
)
def test_a_bad_value_gives_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    message = settings_error(monkeypatch, **{name: value})
    assert message.startswith(expected)
    assert "\n" not in message
    assert "pydantic" not in message


def test_each_bad_value_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    message = settings_error(monkeypatch, PAGE_SIZE="0", PORT="abc", LOG_LEVEL="loud")
    lines = message.splitlines()
    assert len(lines) == 3
    assert {line.split(":")[0] for line in lines} == {"PAGE_SIZE", "PORT", "LOG_LEVEL"}


def test_a_bad_value_is_not_echoed_back(monkeypatch: pytest.MonkeyPatch) -> None:
    message = settings_error(monkeypatch, PORT="secret-looking-value")
    assert "secret-looking-value" not in message


def test_slack_api_url_gets_a_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")
    assert load_settings().slack_api_url == "http://127.0.0.1:9999/api/"


def test_dotenv_file_is_read_and_the_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PAGE_SIZE=7\nPORT=4000\n", encoding="utf-8")
    monkeypatch.setenv("PORT", "5000")
    settings = load_settings()
    assert settings.page_size == 7
    assert settings.port == 5000


def test_app_token_selects_socket_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-test")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    assert load_settings().mode(interactive=False) is Mode.SOCKET


def test_bot_token_and_signing_secret_select_http_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    assert load_settings().mode(interactive=False) is Mode.HTTP


def test_no_slack_credentials_on_a_terminal_select_the_console() -> None:
    assert load_settings().mode(interactive=True) is Mode.CONSOLE


def test_no_slack_credentials_off_a_terminal_select_nothing_and_name_what_is_missing() -> None:
    settings = load_settings()
    with pytest.raises(SettingsError) as caught:
        settings.mode(interactive=False)
    assert "SLACK_BOT_TOKEN" in str(caught.value)
    assert "SLACK_SIGNING_SECRET (HTTP mode)" in str(caught.value)
    assert "SLACK_APP_TOKEN (Socket Mode)" in str(caught.value)


@pytest.mark.parametrize("interactive", [True, False])
def test_a_bot_token_alone_is_no_mode_on_a_terminal_or_off_it(
    monkeypatch: pytest.MonkeyPatch, interactive: bool
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    with pytest.raises(SettingsError) as caught:
        load_settings().mode(interactive=interactive)
    assert str(caught.value) == (
        "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: "
        "set one, or unset SLACK_BOT_TOKEN for the console"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"SLACK_APP_TOKEN": "xapp-1-test"}, "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode"),
        ({"SLACK_SIGNING_SECRET": "signing"}, "SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: HTTP mode"),
        (
            {"SLACK_APP_TOKEN": "xapp-1-test", "SLACK_SIGNING_SECRET": "signing"},
            "SLACK_APP_TOKEN and SLACK_SIGNING_SECRET are set but SLACK_BOT_TOKEN is not",
        ),
    ],
)
@pytest.mark.parametrize("interactive", [True, False])
def test_slack_credentials_without_the_bot_token_name_it_on_a_terminal_too(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], expected: str, interactive: bool
) -> None:
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings().mode(interactive=interactive)
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DEFAULT_REGION", "XX", "DEFAULT_REGION: must be a region code phonenumbers knows"),
        ("ALLOWED_USER_IDS", "#general", "ALLOWED_USER_IDS: entry 1 is not a Slack user id: one is U… or W…"),
        ("ALLOWED_USER_IDS", "U0ONE, C0CHAN", "ALLOWED_USER_IDS: entry 2 is not a Slack user id"),
        ("ALLOWED_CHANNEL_IDS", "not an id!", "ALLOWED_CHANNEL_IDS: entry 1 is not a Slack channel id: one is C…, G…"),
        ("SLACK_APP_TOKEN", "xoxb-1-2", "SLACK_APP_TOKEN: must start with xapp- "),
        ("SLACK_BOT_TOKEN", "xapp-1-2", "SLACK_BOT_TOKEN: must start with xoxb- "),
        ("SLACK_BOT_TOKEN", "hunter2", "SLACK_BOT_TOKEN: must start with xoxb- "),
        ("FLIREO_MAX_REQUESTS_PER_MINUTE", "1", "FLIREO_MAX_REQUESTS_PER_MINUTE: must be at least 2"),
    ],
)
def test_a_value_of_the_right_type_but_no_meaning_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    message = settings_error(monkeypatch, **{name: value})
    assert message.startswith(expected)
    assert "\n" not in message


def test_a_token_of_the_wrong_kind_is_named_by_its_kind_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    message = settings_error(monkeypatch, SLACK_APP_TOKEN="xoxb-1234-very-secret-token")
    assert "this one is a bot token (SLACK_BOT_TOKEN)" in message
    assert "very-secret" not in message


def test_slack_ids_of_every_kind_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", "U0ONCALL,W0GRID1")
    monkeypatch.setenv("ALLOWED_CHANNEL_IDS", "C0OPS,G0PRIVATE,D0DIRECT")
    settings = load_settings()
    assert settings.allowed_user_ids == {"U0ONCALL", "W0GRID1"}
    assert settings.allowed_channel_ids == {"C0OPS", "G0PRIVATE", "D0DIRECT"}


def test_a_data_dir_that_cannot_be_created_is_refused_with_a_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("FLIREO_API_URL", "https://api.flireo.test")
    message = settings_error(monkeypatch, FLIREO_API_KEY="k", DATA_DIR=str(tmp_path / "a-file" / "data"))
    assert message.startswith("DATA_DIR: ")
    assert "is not a directory" in message


def test_a_data_dir_is_not_checked_nor_created_for_demo_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "a-file-that-is-missing" / "data"))
    assert load_settings().demo
    assert not (tmp_path / "a-file-that-is-missing").exists()


def test_secrets_are_secret_strings_kept_out_of_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {
        "SLACK_BOT_TOKEN": "xoxb-very-secret-bot",
        "SLACK_SIGNING_SECRET": "very-secret-signing",
        "SLACK_APP_TOKEN": "xapp-very-secret-app",
        "FLIREO_API_KEY": "sk-very-secret-flireo",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FLIREO_API_URL", "https://api.flireo.test")
    settings = load_settings()
    assert settings.flireo_api_key is not None
    assert settings.flireo_api_key.get_secret_value() == "sk-very-secret-flireo"
    shown = [repr(settings), str(settings), settings.model_dump_json()]
    for value in secrets.values():
        assert all(value not in text for text in shown)


def test_overrides_take_field_names() -> None:
    assert load_settings(page_size=3).page_size == 3
    assert isinstance(load_settings(), Settings)


def test_http_mode_binds_every_interface_unless_host_names_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().host == "0.0.0.0"  # noqa: S104  (the default the spec names)
    monkeypatch.setenv("HOST", " 127.0.0.1 ")
    assert load_settings().host == "127.0.0.1"
    monkeypatch.setenv("HOST", "numbers.internal")
    assert load_settings().host == "numbers.internal"


@pytest.mark.parametrize("host", ["not a host", "127.0.0.1; rm -rf /", "-leading-hyphen", "x" * 300])
def test_a_host_that_is_no_address_or_name_is_refused(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    assert settings_error(monkeypatch, HOST=host).startswith("HOST: must be an IP address or a host name")


def test_health_port_is_off_unless_set() -> None:
    assert load_settings(_env_file=None).health_port is None
    assert load_settings(_env_file=None, health_port="").health_port is None
    assert load_settings(_env_file=None, health_port="8081").health_port == 8081


def test_socket_mode_connections_stay_within_slacks_ten() -> None:
    assert load_settings(_env_file=None).socket_mode_connections == 2
    with pytest.raises(SettingsError, match="SOCKET_MODE_CONNECTIONS: 11 is more than Slack allows: at most 10"):
        load_settings(_env_file=None, socket_mode_connections=11)


def test_default_language_is_english_and_takes_nl_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().default_language == "en"
    monkeypatch.setenv("DEFAULT_LANGUAGE", " NL ")
    assert load_settings().default_language == "nl"


def test_an_unknown_default_language_names_the_setting_and_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = settings_error(monkeypatch, DEFAULT_LANGUAGE="fr")
    assert "DEFAULT_LANGUAGE" in problem
    assert "en, nl" in problem

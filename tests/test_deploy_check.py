"""Production settings pass `manage.py check --deploy` and refuse to start without secrets.

Each check runs in a subprocess: production settings read the environment at import time and
must not leak into the test process (which runs config.settings).
"""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SETTINGS = "config.settings_production"


def production_environment(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SIFA_DATA_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        SIFA_DATA_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS="sifa.example.gov.cn",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_generated_secret_key_is_long_enough():
    assert len(production_environment()["SECRET_KEY"]) == 64


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


@pytest.mark.parametrize("variable", ["SECRET_KEY", "SIFA_DATA_KEY"])
def test_production_settings_refuse_to_start_without_a_secret(variable):
    result = manage("check", env=production_environment(**{variable: None}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_production_settings_refuse_an_empty_secret_key():
    result = manage("check", env=production_environment(SECRET_KEY=""))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

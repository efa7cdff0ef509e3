"""The served app's frame: one error shape, the token rule, the security headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.api.security import CSP
from eventwire.errors import OptionsError
from eventwire.options import Options


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "served.duckdb")


def test_status_and_security_headers(db: str, options: Options) -> None:
    with TestClient(create_app(db, options)) as client:
        reply = client.get("/api/status")
        assert reply.status_code == 200
        assert reply.json()["documents"] == 0 and reply.json()["schema_version"] >= 7
        assert reply.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP and reply.headers["x-frame-options"] == "DENY"
        assert reply.headers["x-eventwire-corrections-in-force"] == "0"


def test_errors_have_one_shape(db: str, options: Options) -> None:
    with TestClient(create_app(db, options)) as client:
        missing = client.get("/api/no-such-thing")
        assert missing.status_code == 404
        assert missing.json() == {"error": {"status": 404, "code": "E404",
                                            "message": "Not Found", "source": None}}


def test_beyond_loopback_a_token_is_required_and_checked(db: str, options: Options) -> None:
    with pytest.raises(OptionsError, match="needs a token"):
        create_app(db, options, host="0.0.0.0")
    with pytest.raises(OptionsError, match="16 characters"):
        create_app(db, options, token="short", host="0.0.0.0")
    secret = "a-long-enough-secret-token"
    with TestClient(create_app(db, options, token=secret, host="0.0.0.0")) as client:
        refused = client.get("/api/status")
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "E401"
        assert refused.headers["content-security-policy"] == CSP
        assert client.get("/api/status", headers={"Authorization": "Bearer wrong-token-xx"}
                          ).status_code == 401
        assert client.get("/api/status", headers={"Authorization": f"Bearer {secret}"}
                          ).status_code == 200
        client.cookies.set("eventwire_token", secret)
        assert client.get("/api/status").status_code == 200


def test_loopback_needs_no_token(db: str, options: Options) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        with TestClient(create_app(db, options, host=host)) as client:
            assert client.get("/api/status").status_code == 200

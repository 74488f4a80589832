"""IP_ADDRESS: IPv4 and IPv6, validated; versions, dates, times and loopback kept."""
from __future__ import annotations

import pytest

from tests.unit.redaction.helpers import found, red


@pytest.mark.parametrize("value", [
    "81.2.69.160", "192.168.1.54", "10.0.0.12", "2.24.118.90",
    "2a02:c7c:5c3e:ab00:1d4f:9e21:c3a0:7b12", "2001:db8:85a3::8a2e:370:7334", "2a00:23c6:4b8a:e901::1f",
    "fe80::1ff:fe23:4567:890a",
])
def test_ip_found(r, value):
    assert found(r, f"the login came from {value} last night", "IP_ADDRESS") == [value]


def test_ip_with_port_or_brackets(r):
    assert found(r, "ip was 88.97.13.202:8080", "IP_ADDRESS") == ["88.97.13.202"]
    assert found(r, "my ip (2.24.118.90) leaked", "IP_ADDRESS") == ["2.24.118.90"]


@pytest.mark.parametrize("text", [
    "updated to iOS 17.1.2", "version 4.2.1.3 of the app", "section 4.1.2.3 of the lease",
    "on 12.03.2024 at 10:30", "from 10:30:45 to 11:02:10", "type 127.0.0.1 to check", "0.0.0.0",
    "it cost 1.50", "999.1.1.1 is not an address", "::1 is loopback",
])
def test_ip_lookalikes_kept(r, text):
    assert red(r, text) == text

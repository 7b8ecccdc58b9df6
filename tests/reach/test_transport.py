"""The server a channel reaches is looked up when it sends: a name resolving to this
machine (`localhost` is 127.0.0.1 here) is refused unless the operator allows private
hosts — the rule of every server a user names (sources/addresses.py)."""

import pytest

from reach import transport


def test_a_name_resolving_to_loopback_is_refused_when_sending(ntfy, settings):
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = False

    sent = transport.send(f"ntfy://localhost:{ntfy.port}/topic", title="Hi", body="there")

    assert sent == transport.Sent(False, transport.PRIVATE)
    assert ntfy.posts == []


def test_the_same_name_reaches_the_server_when_the_operator_allows_private_hosts(ntfy, settings):
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = True

    sent = transport.send(f"ntfy://localhost:{ntfy.port}/topic", title="Hi", body="there")

    assert sent == transport.Sent(True)
    assert [post["message"] for post in ntfy.posts] == ["there"]


def test_an_email_servers_name_is_what_is_checked(mailbox, settings):
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = False
    url = (
        f"mailto://alice:pw@example.com?smtp=localhost&port={mailbox.port}"
        "&to=alice@example.com&mode=insecure"
    )

    assert transport.problem(url) == transport.PRIVATE
    assert transport.send(url, title="Hi", body="there") == transport.Sent(False, transport.PRIVATE)
    assert mailbox.messages == []


@pytest.mark.parametrize("allowed", [False, True])
def test_a_name_without_an_address_is_refused_when_sending_only(ntfy, settings, allowed):
    settings.CHANNEL_ALLOW_PRIVATE_HOSTS = allowed
    url = "ntfy://nothing-here.invalid/topic"

    assert transport.problem(url) == ""
    sent = transport.send(url, title="Hi", body="there")
    assert sent == transport.Sent(False, f"{transport.UNKNOWN_HOST}: nothing-here.invalid")


def test_a_token_in_the_host_place_is_never_looked_up():
    # Telegram's URL carries the bot's token where a host would be: nothing to resolve.
    box = transport._service("tgram://123456789:AAHsecret/987654321")

    assert box is not None
    assert transport._server(box) == ("", 0)

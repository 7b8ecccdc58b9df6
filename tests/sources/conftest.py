import pytest

from tests.sources.radicale_server import start


@pytest.fixture
def radicale(tmp_path, settings):
    # The tests' server is on loopback: allowed by the operator's setting, as a
    # Nextcloud on the LAN would be.
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    server = start(tmp_path)
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture
def dovecot(settings):
    from tests.ci import require
    from tests.sources.dovecot_server import available, start

    require(available(), "Debian's dovecot-imapd is not installed")
    settings.SOURCES_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    server = start()
    yield server
    server.stop()

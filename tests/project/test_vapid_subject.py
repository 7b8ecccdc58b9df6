import pytest
from django.core.checks import Tags, run_checks

from project.vapid_subject import vapid_subject_problem


@pytest.mark.parametrize(
    "subject",
    [
        "mailto:ops@example.com",
        "mailto:push.admin+ringback@mail.example.org",
        "https://ringback.example.com",
        "https://x.example",
        "https://ringback.example.com/contact",
    ],
)
def test_it_accepts_a_real_address_or_https_url(subject):
    assert vapid_subject_problem(subject) is None


@pytest.mark.parametrize(
    "subject",
    [
        "mailto:admin@localhost",
        "mailto:push@ringback.local",
        "mailto:me@router.home.arpa",
        "mailto: ops@example.com",  # Apple refuses the space
        "mailto:ops@example.com?subject=push",
        "mailto:ops@[127.0.0.1]",
        "ops@example.com",
        "http://ringback.example.com",
        "https://localhost:8000",
        "https://nas.local",
        "https://192.168.1.10",
        "",
    ],
)
def test_it_refuses_what_apple_may_refuse(subject):
    assert vapid_subject_problem(subject)


def test_check_deploy_reports_a_placeholder_subject(settings):
    settings.VAPID_SUBJECT = "mailto:admin@localhost"

    messages = run_checks(tags=[Tags.security], include_deployment_checks=True)

    assert "ringback.E001" in {message.id for message in messages}


def test_check_deploy_accepts_a_real_subject(settings):
    settings.VAPID_SUBJECT = "https://ringback.example.com"

    messages = run_checks(tags=[Tags.security], include_deployment_checks=True)

    assert "ringback.E001" not in {message.id for message in messages}

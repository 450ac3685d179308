from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from config.csrf import CSRF_FAILURE_MESSAGE
from surveys.models import Survey


def test_it_answers_a_form_without_its_csrf_token_with_a_400_and_a_sentence(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("surveys:create"), {"title": "X", "roles": ["engineer"], "anonymity_threshold": 3})
    assert response.status_code == 400
    assert escape(CSRF_FAILURE_MESSAGE) in response.content.decode()
    assert not Survey.objects.exists()

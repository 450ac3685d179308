import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_links_the_not_found_page_to_the_start_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("home")}"' in response.content.decode()

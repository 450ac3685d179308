from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from surveys.selectors.organizations import organizations_led_by


def navigation(request: HttpRequest) -> dict[str, object]:
    # Lazy: one query, and only on pages that draw the navigation for a signed-in user.
    return {"user_leads": SimpleLazyObject(lambda: organizations_led_by(user=request.user).exists())}

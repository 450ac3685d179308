from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from surveys.selectors.organizations import organizations_led_by

NOT_A_LEAD_MESSAGE = (
    "This token's user leads no organization: a viewer's token reads published results and reports only."
)


class LeadsAnOrganization(BasePermission):
    """Lead endpoints: a viewer's token is told so (403); objects of other organizations are 404s."""

    message = NOT_A_LEAD_MESSAGE

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.is_authenticated and organizations_led_by(user=request.user).exists())

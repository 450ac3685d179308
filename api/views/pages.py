"""The browser pages of the API: personal tokens (leads and viewers) and webhooks (leads)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api.forms import ApiTokenForm, WebhookForm
from api.tokens import api_token_create, api_token_get_for_user, api_token_revoke, api_tokens_for_user
from api.webhooks.selectors import webhook_deliveries, webhook_get_for_lead, webhooks_for_lead
from api.webhooks.services import webhook_create, webhook_delete, webhook_enable
from surveys.http import AuthenticatedRequest
from surveys.selectors.organizations import organizations_led_by

TOKEN_REVOKED_MESSAGE = "Token revoked: it no longer opens the API."  # noqa: S105 (not a secret)
WEBHOOK_ENABLED_MESSAGE = "Webhook enabled: new events will be sent to it."
WEBHOOK_DELETED_MESSAGE = "Webhook deleted."


@never_cache
@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_in_days=form.cleaned_data["expires_in_days"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Only the hash is stored: this page is the one chance to copy it (no redirect, no cache).
            form = ApiTokenForm()
    context = {"form": form, "created": created, "tokens": api_tokens_for_user(user=request.user)}
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    api_token_revoke(token=api_token_get_for_user(user=request.user, pk=pk))
    messages.success(request, TOKEN_REVOKED_MESSAGE)
    return redirect("api:tokens")


@never_cache
@login_required
def webhook_list(request: AuthenticatedRequest) -> HttpResponse:
    organizations = organizations_led_by(user=request.user)
    if not organizations.exists():
        return redirect("reports:list")
    form = WebhookForm(request.POST or None, organizations=organizations)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _webhook, secret = webhook_create(
                organization=data["organization"], created_by=request.user, url=data["url"], events=data["events"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = WebhookForm(organizations=organizations)
    context = {
        "form": form,
        "secret": secret,
        "webhooks": webhooks_for_lead(user=request.user),
        "disable_after": settings.WEBHOOK_DISABLE_AFTER,
    }
    status = 400 if request.method == "POST" and secret is None else 200
    return render(request, "api/webhooks.html", context, status=status)


@login_required
def webhook_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    webhook = webhook_get_for_lead(user=request.user, pk=pk)
    context = {"webhook": webhook, "deliveries": webhook_deliveries(webhook=webhook)}
    return render(request, "api/webhook_detail.html", context)


@login_required
@require_POST
def webhook_enable_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    webhook_enable(webhook=webhook_get_for_lead(user=request.user, pk=pk))
    messages.success(request, WEBHOOK_ENABLED_MESSAGE)
    return redirect("api:webhook_detail", pk=pk)


@login_required
@require_POST
def webhook_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    webhook_delete(webhook=webhook_get_for_lead(user=request.user, pk=pk))
    messages.success(request, WEBHOOK_DELETED_MESSAGE)
    return redirect("api:webhooks")

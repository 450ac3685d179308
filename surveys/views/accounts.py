from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from surveys.forms.accounts import QueuedPasswordResetForm, SignupForm
from surveys.ratelimit import rate_limit
from surveys.services.organizations import organization_signup

AUTH_RATE_LIMIT = 10  # POSTs per minute and address: enough for typos, too few for guessing.


@rate_limit(group="signup", limit=AUTH_RATE_LIMIT)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = organization_signup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            organization_name=form.cleaned_data["organization_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Faultline. Create your first survey below.")
        return redirect("surveys:list")
    return render(request, "registration/signup.html", {"form": form})


# One counter for both login pages: the admin's takes the same passwords.
login_limit = rate_limit(group="login", limit=AUTH_RATE_LIMIT)
login_view = login_limit(auth_views.LoginView.as_view(redirect_authenticated_user=True))
admin_login_view = login_limit(admin.site.login)

password_reset = method_decorator(rate_limit(group="password-reset", limit=AUTH_RATE_LIMIT), name="dispatch")(
    auth_views.PasswordResetView
).as_view(form_class=QueuedPasswordResetForm)

"""Integration tokens for the REST API (administrators): list, create (the token is shown once),
revoke."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.api.models import ApiToken
from fixloop.api.services import tokens
from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.integrations import TokenForm
from fixloop.backoffice.views.shared import INVALID
from fixloop.core.forms import apply_errors

VIEW = "api.view_apitoken"
ADD = "api.add_apitoken"
CHANGE = "api.change_apitoken"


def scope_labels(token: ApiToken) -> list[str]:
    labels = dict(TokenForm.base_fields["scopes"].choices)
    return [str(labels.get(scope, scope)) for scope in token.scopes]


def tokens_page(request, form, *, new_token: str = "", status: int = 200):
    rows = list(ApiToken.objects.select_related("created_by", "revoked_by"))
    for row in rows:
        row.scope_labels = scope_labels(row)
    return render(
        request,
        "backoffice/integrations/tokens.html",
        {
            "nav": "api_tokens",
            "tokens": rows,
            "form": form,
            "new_token": new_token,
            "can_change": request.user.has_perm(ADD),
        },
        status=status,
    )


@staff_required(permission=VIEW)
def token_list(request):
    if request.method != "POST":
        return tokens_page(request, TokenForm())
    if not request.user.has_perm(ADD):
        return tokens_page(request, TokenForm(), status=403)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            row, token = tokens.create_token(
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                rate_limit=form.cleaned_data["rate_limit"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash.success(request, _("Token for %(name)s created.") % {"name": row.name})
            return tokens_page(request, TokenForm(), new_token=token)
    return tokens_page(request, form, status=INVALID)


@staff_required(permission=CHANGE)
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    tokens.revoke_token(token, by=request.user)
    flash.success(request, _("Token for %(name)s revoked: it is refused from now on.") % {"name": token.name})
    return redirect("backoffice:api_tokens")

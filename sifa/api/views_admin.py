"""Administration of the agency clients (接口客户端管理), for the system administrator.

A token is shown exactly once: in the answer to the POST that issued it (creation or
rotation), never stored in plain text anywhere (not in the session, the URL or a message), and
never on the list, the log or the change history. The answer is marked `no-store` so the
browser keeps no copy; re-posting it does not issue a second token (the name is taken, or the
confirmed token prefix is no longer current).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sifa.api import actions
from sifa.api import selectors_admin as selectors
from sifa.api.forms_admin import (
    ClientCreateForm,
    ClientSettingsForm,
    ConfirmForm,
    RequestLogFilterForm,
)
from sifa.api.purposes import purpose_label
from sifa.core.views import ACTIONS, Column, paginate, save_valid, table_page


def _token_page(request, client, token: str, *, rotated: bool):
    response = render(
        request, "api/client_token.html", {"client": client, "token": token, "rotated": rotated}
    )
    add_never_cache_headers(response)  # no-store: no copy of the token in the browser's cache
    return response


CLIENT_COLUMNS = (
    Column(gettext_lazy("客户端名称"), "name"),
    Column(gettext_lazy("机关类型"), "agency_kind"),
    Column(gettext_lazy("范围机构"), "office__name"),
    Column(gettext_lazy("用途"), unsortable=gettext_lazy("一个客户端可有多项用途，不是一个值")),
    Column(gettext_lazy("每分钟上限"), "rate_per_minute", numeric=True),
    Column(gettext_lazy("状态"), unsortable=gettext_lazy("由“启用”和吊销时间合成，不是一个字段")),
    Column(gettext_lazy("令牌前缀"), unsortable=gettext_lazy("令牌随机生成，其前缀的顺序没有意义")),
    Column(gettext_lazy("签发时间"), "token_issued_at"),
    Column(gettext_lazy("最近调用"), "last_request_at"),
    ACTIONS,
)
REQUEST_LOG_COLUMNS = (
    Column(gettext_lazy("时间"), "at"),
    Column(gettext_lazy("客户端"), "client__name"),
    Column(gettext_lazy("用途"), "purpose"),
    Column(gettext_lazy("方法"), "method"),
    Column(gettext_lazy("路径"), "path"),
    Column(gettext_lazy("状态码"), "status"),
    Column(gettext_lazy("涉及记录"), unsortable=gettext_lazy("一次调用涉及的记录列表，不是一个值")),
    Column(gettext_lazy("重放"), "replayed"),
    Column(gettext_lazy("耗时（毫秒）"), "duration_ms", numeric=True),
)


@login_required
@require_GET
def client_list(request):
    rows = selectors.client_list(actor=request.user)
    return table_page(
        request,
        "api/client_list.html",
        rows,
        columns=CLIENT_COLUMNS,
        title=_("接口客户端"),
        empty=_("还没有接口客户端。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    offices = selectors.manageable_offices(actor=request.user)
    form = ClientCreateForm(request.POST or None, offices=offices)
    saved = save_valid(
        request, form, lambda: actions.client_create(actor=request.user, **form.client_fields())
    )
    if saved:
        client, token = saved.result
        return _token_page(request, client, token, rotated=False)
    return _client_form_page(request, form, client=None)


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request, pk):
    client = selectors.client_for_manage(actor=request.user, pk=pk)
    initial = {
        "purposes": client.purposes,
        "rate_per_minute": client.rate_per_minute,
        "contact": client.contact,
    }
    form = ClientSettingsForm(request.POST or None, initial=initial)
    saved = save_valid(
        request,
        form,
        lambda: actions.client_update(actor=request.user, client=client, **form.settings_fields()),
    )
    if saved:
        messages.success(request, _("已保存“%(name)s”的设置。") % {"name": client.name})
        return redirect("api_admin:client_list")
    return _client_form_page(request, form, client=client)


def _client_form_page(request, form, *, client):
    """新增 (client None: the button issues the token) or 编辑 a client."""
    context = {
        "form": form,
        "client": client,
        "back_url": reverse("api_admin:client_list"),
        "submit_label": _("保存") if client else _("创建并签发令牌"),
    }
    return render(request, "api/client_form.html", context)


def _confirm_page(request, form, *, client, action: str):
    """The page that confirms rotating (轮换) or revoking (吊销) a client's token."""
    rotate = action == "rotate"
    context = {
        "form": form,
        "client": client,
        "action": action,
        "back_url": reverse("api_admin:client_list"),
        "submit_label": _("确认轮换") if rotate else _("确认吊销"),
        "submit_class": "btn-warning" if rotate else "btn-danger",
    }
    return render(request, "api/client_confirm.html", context)


def _confirmed(request, client, form: ConfirmForm) -> bool:
    """The POST confirms the token that is current now (not a re-post of an older page)."""
    if not form.is_valid() or form.cleaned_data["token_prefix"] != client.token_prefix:
        messages.warning(
            request,
            _("该客户端的令牌已经变更，此次提交未执行。新令牌只在签发时显示一次，不会再次显示。"),
        )
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def client_rotate(request, pk):
    client = selectors.client_for_manage(actor=request.user, pk=pk)
    form = ConfirmForm(request.POST or None, initial={"token_prefix": client.token_prefix})
    if request.method == "POST":
        if not _confirmed(request, client, form):
            return redirect("api_admin:client_list")
        try:
            token = actions.client_rotate(actor=request.user, client=client)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("api_admin:client_list")
        return _token_page(request, client, token, rotated=True)
    return _confirm_page(request, form, client=client, action="rotate")


@login_required
@require_http_methods(["GET", "POST"])
def client_revoke(request, pk):
    client = selectors.client_for_manage(actor=request.user, pk=pk)
    form = ConfirmForm(request.POST or None, initial={"token_prefix": client.token_prefix})
    if request.method == "POST":
        if client.revoked_at is None and _confirmed(request, client, form):
            actions.client_revoke(actor=request.user, client=client)
            messages.success(
                request, _("已吊销“%(name)s”，其令牌立即失效。") % {"name": client.name}
            )
        return redirect("api_admin:client_list")
    return _confirm_page(request, form, client=client, action="revoke")


@login_required
@require_GET
def request_log(request):
    form = RequestLogFilterForm(
        request.GET, client_choices=selectors.log_client_choices(actor=request.user)
    )
    rows = selectors.request_log_list(actor=request.user, **form.filters())
    page_obj = paginate(request, rows, columns=REQUEST_LOG_COLUMNS)
    for row in page_obj:
        row.purpose_label = purpose_label(row.purpose)
    context = {
        "filters": form,
        "page_obj": page_obj,
        "title": _("接口调用日志"),
        "empty": _("没有符合条件的调用记录。"),
    }
    return render(request, "api/request_log.html", context)

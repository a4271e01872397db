"""12345工单导入: the platform's export of work orders (Excel or CSV), one order per row,
received through the line's action (`order_receive`), all or nothing.

Natural key: the platform's 工单编号. A number already in Sifa is skipped (unchanged): a
re-import of the same export, or of an export overlapping one pushed through the API, adds only
the new orders. Every order arrives 待分派 at its 受理司法局; its deadlines are the platform's
when the file gives them, else computed in working hours (docs/hotline.md).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec, steps
from sifa.core.imports.spec import CREATE, UNCHANGED, Change, ImportContext, ImportSpec
from sifa.hotline.actions.orders import order_receive
from sifa.hotline.constants import CATEGORY_CODE_LIST, LINE, Channel, Urgency
from sifa.hotline.selectors.imports import known_numbers
from sifa.hotline.selectors.routing import PlaceIndex
from sifa.orgs.constants import OfficeKind
from sifa.orgs.selectors import OfficeNames

KEY = "hotline.orders"

CHANNEL_WORDS = {"12345热线": Channel.PHONE, "热线": Channel.PHONE, "来电": Channel.PHONE}
URGENCY_WORDS = {"普通": Urgency.NORMAL, "加急": Urgency.URGENT, "特急": Urgency.URGENT}

FIELDS = (
    spec.office_named(
        "bureau",
        "受理司法局",
        gettext_lazy("司法局的机构编码或名称，须在您的管理范围内"),
        example="甲县司法局",
    ),
    spec.text("number", "工单编号", required=True, max_length=40, as_text=True, example="QC-0001"),
    spec.choice(
        "channel",
        "来源渠道",
        lambda: Channel.choices,
        default=Channel.PHONE,
        aliases=CHANNEL_WORDS,
        note=gettext_lazy("电话、网站、微信等；留空为电话"),
    ),
    spec.code("category", "诉求类别", CATEGORY_CODE_LIST, required=True, example="咨询"),
    spec.choice(
        "urgency",
        "紧急程度",
        lambda: Urgency.choices,
        default=Urgency.NORMAL,
        aliases=URGENCY_WORDS,
        note=gettext_lazy("一般或紧急；留空为一般"),
    ),
    spec.moment("received_at", "派单时间", required=True, example="2026-03-06 15:40"),
    spec.text("title", "工单标题", max_length=200, width=24),
    spec.text("content", "诉求内容", required=True, width=40, example="咨询如何申请法律援助。"),
    spec.text("citizen_name", "诉求人", max_length=50),
    spec.text("citizen_phone", "联系电话", max_length=30, as_text=True),
    spec.text("address", "诉求地址", max_length=200, width=24),
    spec.moment(
        "platform_sign_due",
        "签收时限",
        future=True,
        note=gettext_lazy("平台给出的签收时限；留空由系统按工作时间计算"),
    ),
    spec.moment(
        "platform_reply_due",
        "办结时限",
        future=True,
        note=gettext_lazy("平台给出的办结时限；留空由系统按工作时间计算"),
    ),
)
# The action's field names → the file's columns (an action's refusal lands in its column).
COLUMNS = {field.key: field.key for field in FIELDS}


def resolve(plan, ctx: ImportContext) -> None:
    steps.offices_named(plan, ctx, OfficeNames(ctx.actor, LINE), key="bureau")
    good = plan.good_rows()
    for row in good:
        if row.found["office"].kind != OfficeKind.JUSTICE_BUREAU:
            plan.error(row, "bureau", _("受理机构须为司法局。"))
    known = known_numbers(row["number"] for row in plan.good_rows())
    for row in plan.good_rows():
        row.action = UNCHANGED if row["number"] in known else CREATE
    # The action's own refusals, nothing kept: for the preview, and whenever the file is
    # refused anyway (then the apply step that would find them does not run).
    if not ctx.applying or plan.errors:
        rows.dry_run(plan, ctx, write, COLUMNS)


def write(row, ctx: ImportContext) -> list[Change]:
    bureau = row.found["office"]
    places = ctx.once(("hotline.places", bureau.pk), lambda: PlaceIndex.of(bureau))
    values = {field.key: row[field.key] for field in FIELDS if field.key != "bureau"}
    order, created = order_receive(actor=ctx.actor, bureau=bureau, places=places, **values)
    return [Change(order, created=True)] if created else []


ORDERS = ImportSpec(
    key=KEY,
    title=gettext_lazy("12345工单"),
    sheet="工单",
    fields=FIELDS,
    capability="edit",
    line=LINE,
    resolve=resolve,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, write, COLUMNS),
    natural_key=("number",),
    rules=(
        gettext_lazy(
            "在“工单”工作表中每行填写一张12345平台工单（可直接使用平台导出的表格，表头与本模板一致即可），"
            "第一行表头不要修改；红色表头为必填列。"
        ),
        gettext_lazy("派单时间可写作 2026-03-06 15:40、2026/3/6 15:40，不能晚于现在。"),
        gettext_lazy(
            "同一工单编号只登记一次：重复导入同一文件，或导入已通过接口推送的工单，已有的工单跳过，"
            "只登记新的工单。"
        ),
        gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
    ),
    examples=(
        {
            "bureau": "甲县司法局",
            "number": "QC12345-20260306-0001",
            "channel": "电话",
            "category": "咨询",
            "urgency": "一般",
            "received_at": "2026-03-06 15:40",
            "title": "咨询法律援助",
            "content": "市民来电咨询如何申请法律援助。",
            "citizen_name": "王某",
            "citizen_phone": "13900000000",
            "address": "甲县甲一镇人民路1号",
        },
    ),
    order=90,
    list_url="hotline:order_list",
    description=gettext_lazy("12345政务服务便民热线平台导出的工单。"),
)

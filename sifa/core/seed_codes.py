"""The code lists (字典) every installation starts with, and the loader the data migration runs.

Each list names its `source`. National standards (GB/T) keep their official codes; lists the
Ministry defines in SF/T standards we have not obtained yet (SF/T 0018-2019 纠纷类型, SF/T
0024-2017 案件类型) use readable codes and are to be mapped when the standard is at hand
(DOMAIN §13). Codes are never reused: to drop an item, retire it (`valid_to`) in the admin.

To add seed items later: edit the lists here and add a data migration that calls
`load(..., lists=(THE_LIST,))` for the lists it changes (see docs/code-tables.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class SeedList:
    key: str
    name: str
    source: str
    items: tuple[tuple[str, ...], ...]  # (code, name) or (code, name, parent_code), in order
    description: str = ""


DISPUTE_TYPE = SeedList(
    key="dispute_type",
    name="纠纷类型",
    source="人民调解统计报表通行分类（黄石市2016、锡林郭勒盟2021月报）；待对照 SF/T 0018-2019",
    description="人民调解案件的纠纷类型（DOMAIN §2.4）。有子项的类型统计时含其子项。",
    items=(
        ("marriage_family", "婚姻家庭纠纷"),
        ("neighbourhood", "邻里纠纷"),
        ("housing_homestead", "房屋宅基地纠纷"),
        ("contract", "合同纠纷"),
        ("business", "生产经营纠纷"),
        ("damages", "损害赔偿纠纷"),
        ("land_forest", "山林土地纠纷"),
        ("land_requisition", "征地拆迁纠纷"),
        ("environment", "环境污染纠纷"),
        ("labour", "劳动争议纠纷"),
        ("labour_wage_arrears", "拖欠农民工工资纠纷", "labour"),
        ("labour_other", "其他劳动争议纠纷", "labour"),
        ("consumer", "消费纠纷"),
        ("consumer_tourism", "旅游纠纷", "consumer"),
        ("consumer_ecommerce", "电子商务纠纷", "consumer"),
        ("consumer_other", "其他消费纠纷", "consumer"),
        ("medical", "医疗纠纷"),
        ("traffic_accident", "道路交通事故纠纷"),
        ("property_management", "物业纠纷"),
        ("intellectual_property", "知识产权纠纷"),
        ("internet", "互联网纠纷"),
        ("other", "其他纠纷"),
    ),
)

ETHNICITY = SeedList(
    key="ethnicity",
    name="民族",
    source="GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码",
    items=(
        ("01", "汉族"),
        ("02", "蒙古族"),
        ("03", "回族"),
        ("04", "藏族"),
        ("05", "维吾尔族"),
        ("06", "苗族"),
        ("07", "彝族"),
        ("08", "壮族"),
        ("09", "布依族"),
        ("10", "朝鲜族"),
        ("11", "满族"),
        ("12", "侗族"),
        ("13", "瑶族"),
        ("14", "白族"),
        ("15", "土家族"),
        ("16", "哈尼族"),
        ("17", "哈萨克族"),
        ("18", "傣族"),
        ("19", "黎族"),
        ("20", "傈僳族"),
        ("21", "佤族"),
        ("22", "畲族"),
        ("23", "高山族"),
        ("24", "拉祜族"),
        ("25", "水族"),
        ("26", "东乡族"),
        ("27", "纳西族"),
        ("28", "景颇族"),
        ("29", "柯尔克孜族"),
        ("30", "土族"),
        ("31", "达斡尔族"),
        ("32", "仫佬族"),
        ("33", "羌族"),
        ("34", "布朗族"),
        ("35", "撒拉族"),
        ("36", "毛南族"),
        ("37", "仡佬族"),
        ("38", "锡伯族"),
        ("39", "阿昌族"),
        ("40", "普米族"),
        ("41", "塔吉克族"),
        ("42", "怒族"),
        ("43", "乌孜别克族"),
        ("44", "俄罗斯族"),
        ("45", "鄂温克族"),
        ("46", "德昂族"),
        ("47", "保安族"),
        ("48", "裕固族"),
        ("49", "京族"),
        ("50", "塔塔尔族"),
        ("51", "独龙族"),
        ("52", "鄂伦春族"),
        ("53", "赫哲族"),
        ("54", "门巴族"),
        ("55", "珞巴族"),
        ("56", "基诺族"),
        ("97", "其他"),
        ("98", "外国血统中国籍人士"),
    ),
)

EDUCATION = SeedList(
    key="education",
    name="学历",
    source="GB/T 4658 学历代码（大类）",
    description="只列大类；需要细分（如 11 博士研究生毕业）时在大类下增加子项。",
    items=(
        ("10", "研究生"),
        ("20", "大学本科"),
        ("30", "大学专科"),
        ("40", "中等专科"),
        ("50", "技工学校"),
        ("60", "高中"),
        ("70", "初中"),
        ("80", "小学"),
        ("90", "文盲或半文盲"),
    ),
)

STAFF_POST = SeedList(
    key="staff_post",
    name="岗位",
    source="Sifa 自定（工作人员花名册岗位，DOMAIN §1.1）",
    description=(
        "工作人员（orgs.StaffMember.post）的岗位。指标按代码 mediator 统计人民调解员，勿改此代码。"
    ),
    items=(
        ("mediator", "人民调解员"),
        ("jo_head", "司法所长"),
        ("jo_staff", "司法所工作人员"),
        ("cc_officer", "社区矫正专职工作人员"),
        ("social_worker", "社会工作者"),
        ("la_staff", "法律援助工作人员"),
        ("pls_staff", "公共法律服务工作人员"),
    ),
)

MEDIATION_SOURCE = SeedList(
    key="mediation_source",
    name="纠纷来源",
    source="人民调解法 第17–18条；人民调解统计报表（DOMAIN §2.2）",
    items=(
        ("initiative", "主动调解"),
        ("application", "依申请"),
        ("court", "法院委托移送"),
        ("procuratorate", "检察院委托移送"),
        ("police", "公安委托移送"),
        ("petition", "信访部门委托移送"),
        ("hotline_12345", "12345转办"),
        ("other_department", "其他部门委托移送"),
    ),
)

MEDIATION_NOT_MEDIABLE = SeedList(
    key="mediation_not_mediable",
    name="不予调解的纠纷事项",
    source="人民调解工作若干规定（司法部令第75号）第22条；DOMAIN PM-24",
    description="人民调解委员会不予受理的纠纷事项；管理员可按本地规定增补或停用。",
    items=(
        ("reserved_by_law", "法律、法规规定只能由专门机关管辖处理或禁止民间调解的"),
        ("already_handled", "人民法院、公安机关或者其他行政机关已经受理或者解决的"),
        ("crime_or_public_security", "涉嫌犯罪或违反治安管理、应由公安司法机关处理的"),
    ),
)

POLITICAL_STATUS = SeedList(
    key="political_status",
    name="政治面貌",
    source="GB/T 4762-1984 政治面貌代码",
    items=(
        ("01", "中共党员"),
        ("02", "中共预备党员"),
        ("03", "共青团员"),
        ("04", "民革党员"),
        ("05", "民盟盟员"),
        ("06", "民建会员"),
        ("07", "民进会员"),
        ("08", "农工党党员"),
        ("09", "致公党党员"),
        ("10", "九三学社社员"),
        ("11", "台盟盟员"),
        ("12", "无党派人士"),
        ("13", "群众"),
    ),
)

LEGAL_AID_CASE_TYPE = SeedList(
    key="legal_aid_case_type",
    name="法律援助案件类型",
    source="法律援助法 第22、24–31条；法律援助统计报表（DOMAIN §5.3、§5.5）；待对照 SF/T 0024-2017",
    items=(
        ("criminal", "刑事"),
        ("civil", "民事"),
        ("administrative", "行政"),
        ("state_compensation", "国家赔偿"),
        ("non_litigation", "非诉讼事项"),
        ("labour_arbitration", "劳动争议仲裁"),
    ),
)

LEGAL_AID_CONSULTATION_CATEGORY = SeedList(
    key="legal_aid_consultation_category",
    name="法律咨询类别",
    source="12348公共法律服务热线常用咨询分类（DOMAIN §5.3、§5.6）",
    description="法律咨询（含12348热线）的咨询类别。",
    items=(
        ("marriage_family", "婚姻家庭"),
        ("labour", "劳动争议"),
        ("contract", "合同纠纷"),
        ("tort", "侵权损害"),
        ("property_land", "房产土地"),
        ("lending", "借贷纠纷"),
        ("criminal", "刑事"),
        ("administrative", "行政"),
        ("other", "其他"),
    ),
)

CORRECTION_CATEGORY = SeedList(
    key="correction_category",
    name="社区矫正管理类别",
    source="社区矫正法实施办法 第21条（分类管理，类别由各省规定）；DOMAIN §3.6",
    description="社区矫正对象的管理类别；省级规定不同时由管理员调整。",
    items=(
        ("lenient", "宽松"),
        ("ordinary", "普通"),
        ("strict", "严格"),
    ),
)

CRIME_CATEGORY = SeedList(
    key="crime_category",
    name="犯罪类型",
    source="刑法分则各章；公开社区矫正系统代码（DOMAIN §3.3），待对照 SF/T 0015-2017",
    items=(
        ("state_security", "危害国家安全罪"),
        ("public_security", "危害公共安全罪"),
        ("market_order", "破坏社会主义市场经济秩序罪"),
        ("personal_rights", "侵犯公民人身权利、民主权利罪"),
        ("property", "侵犯财产罪"),
        ("social_order", "妨害社会管理秩序罪"),
        ("national_defence", "危害国防利益罪"),
        ("corruption", "贪污贿赂罪"),
        ("dereliction", "渎职罪"),
        ("military", "军人违反职责罪"),
    ),
)

SEED_LISTS: tuple[SeedList, ...] = (
    DISPUTE_TYPE,
    ETHNICITY,
    EDUCATION,
    STAFF_POST,
    MEDIATION_SOURCE,
    POLITICAL_STATUS,
    LEGAL_AID_CASE_TYPE,
    LEGAL_AID_CONSULTATION_CATEGORY,
    CORRECTION_CATEGORY,
    CRIME_CATEGORY,
    MEDIATION_NOT_MEDIABLE,
)

SORT_STEP = 10  # gaps, so an administrator can slot an item in between


def item_fields(seed: SeedList) -> list[dict]:
    """The CodeItem field values of a seed list, in order."""
    rows = []
    for position, (code, name, *parent) in enumerate(seed.items, start=1):
        rows.append(
            {
                "code": code,
                "name": name,
                "parent_code": parent[0] if parent else "",
                "sort_order": position * SORT_STEP,
            }
        )
    return rows


def load(
    code_list_model,
    code_item_model,
    record_history: Callable | None = None,
    lists: tuple[SeedList, ...] = SEED_LISTS,
) -> None:
    """Create or update the seed `lists` and their items; idempotent, never deletes.

    It resets a seeded item's name, parent and order to the seed values, so a later migration
    should pass only the lists it adds or corrects, not undo an administrator's renames.

    Takes the models as arguments so the data migration can pass its historical models.
    There simple-history's signals do not run, so the migration passes `record_history(item,
    history_type)` to write the change-history rows that `codes.code_name(on=...)` reads.
    """
    for seed in lists:
        code_list, _ = code_list_model.objects.update_or_create(
            key=seed.key,
            defaults={"name": seed.name, "source": seed.source, "description": seed.description},
        )
        for fields in item_fields(seed):
            _load_item(code_item_model, code_list, fields, record_history)


def _load_item(code_item_model, code_list, fields: dict, record_history) -> None:
    item = code_item_model.objects.filter(code_list=code_list, code=fields["code"]).first()
    if item is None:
        item = code_item_model.objects.create(code_list=code_list, **fields)
        history_type = "+"
    else:
        changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
        if not changed:
            return
        for name, value in changed.items():
            setattr(item, name, value)
        item.save(update_fields=list(changed))
        history_type = "~"
    if record_history is not None:
        record_history(item, history_type)


def history_recorder(historical_item_model) -> Callable:
    """A `record_history` for `load()` in a data migration, writing simple-history rows."""

    def record_history(item, history_type: str) -> None:
        historical_item_model.objects.create(
            id=item.id,
            code_list_id=item.code_list_id,
            code=item.code,
            name=item.name,
            parent_code=item.parent_code,
            sort_order=item.sort_order,
            valid_from=item.valid_from,
            valid_to=item.valid_to,
            history_date=timezone.now(),
            history_type=history_type,
            history_change_reason="初始字典数据",
        )

    return record_history

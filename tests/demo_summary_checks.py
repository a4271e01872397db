"""Checks of the work summary drafted from the demo city (issue 6, item 5: the seed, regenerated).

Called by tests/test_demo_lines.py with the demo city loaded: the built-in half-year template,
drafted for the demo root office over the first half of the demo year in system scope, must
state every figure of SEED_FIGURES.md that the existing lines record, in sentences close to the
reference summary's. The numbers below are SEED_FIGURES.md's (the reference's own figures).
"""

from io import BytesIO

from docx import Document

from sifa.core import demo
from sifa.reports import summary
from sifa.reports.summary_defaults import default_template
from sifa.reports.summary_docx import summary_docx

# One sentence (or clause) per line of SEED_FIGURES.md, as the generated text states it.
SEED_SENTENCES = [
    # 人民调解 / 矛盾纠纷 and the organisations
    "全市范围内253个村(社区)建立司法行政服务站",
    "目前全市专(兼)职人民调解员共2191名，人民调解组织378个，核查人民调解个案11273件，"
    "发放人民调解个案补贴493330元。",
    "成功调解医患纠纷82起、消费纠纷7起，交通事故纠纷6529起。",
    "领导到中心信访接待共安排22次，共接访94批683人，中心通过预访疏导群众53批384人。",
    "全市各级各类人民调解组织共组织开展矛盾纠纷排查7734次，排查纠纷4424起，受理调解纠纷9020起，"
    "成功劝阻群体性上访112批1251人次，防纠纷矛盾激化47起。",
    "中心直接接待来访群众1005批次",
    "直接受理调处纠纷112起，指导相关专业调解组织成功调解纠纷共9818起。",
    # 社区矫正 / 安置帮教
    "全市新接收社区矫正对象405人，解矫462人，正常死亡1人，目前在矫765人；"
    "新增刑满释放人员839人，目前在册刑满释放安置帮教人员3671人。",
    "全市共开展各类调查评估528件，其中审前408件，诉前17件，罪犯假释前矫正环境评估21件，",
    "上半年共有8名社区矫正对象受到警告处分，3人撤缓收监。",
    "走访全市250户家庭困难的两类对象",
    "组织17名矫正工作人员和60名社区矫正对象进行集体教育学习",
    # 法律援助
    "全市共挂牌成立11个社会团体、15个镇(街道)法律援助工作站、253个村(社区)法律援助联系点",
    "报送省法律援助基金会资助案件7件。",
    "全市各法律援助机构共受理法律援助案件497件，其中民事案件384件，刑事案件113件；"
    "接待来电来访群众和网上咨询1916人次，“12348”法律援助咨询热线接听758人次。",
    # 律师和基层法律服务 (sifa/practice/tests/test_demo.py checks the same on the line alone)
    "全市现有18家律师事务所170名执业律师，18家律师事务所完成年度检查考核，"
    "律师事务所合格率达到百分之百。",
    "上半年，全市律师事务所共代理各类案件2173件，涉及财产标的额4.22亿元，索回赔欠款2.29亿元。",
    "全市31家法律服务所共有法律服务工作者159名，担任企业、村(社区)法律顾问963家，"
    "代理诉讼事务1249件，代理非诉讼事务891件，业务收费569万元；"
    "村(社区)法律顾问提供法律咨询983场次5120人次。",
]


def check_summary(root_office):
    template = default_template("half_year")
    rendered = summary.render(
        template.title, template.body, root_office, demo.PERIOD_START, demo.PERIOD_END
    )
    text = rendered.text()
    assert text.startswith(f"{root_office.name}2026年上半年工作总结\n")
    missing = [sentence for sentence in SEED_SENTENCES if sentence not in text]
    assert not missing, missing
    # ≥ 98 %: the adoption rate of the assessment opinions, computed (two decimals).
    adoption = rendered.numbers["corrections.adoption_rate"].value
    assert adoption >= 98
    assert f"采信率为{rendered.values['corrections.adoption_rate']}%" in text
    # Every number came from a placeholder: nothing typed by hand, every 同比 has its base.
    assert rendered.warnings == []
    # The .docx says the same.
    document = Document(BytesIO(summary_docx(rendered)))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    assert all(sentence in docx_text for sentence in SEED_SENTENCES)
    # The HTML links each number to its records.
    printed = [
        piece for p in rendered.paragraphs for piece in p.pieces if not isinstance(piece, str)
    ]
    assert len(printed) > 40
    assert rendered.html().count('<a class="summary-number" href="/stats/indicators/') == len(
        printed
    )

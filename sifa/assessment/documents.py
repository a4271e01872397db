"""考核结果通报 (.docx): a notice of a run's results laid out as the bureau's letters are
(`sifa.core.docx.official_letter`), drafted from a built-in text with placeholders, then the
ranking table. A bureau's own template (as the work summary has) is not built yet."""

from __future__ import annotations

from django.utils import timezone

from sifa.core import docx as layout

TEMPLATE = (
    "根据《{scheme}》，{bureau}于{opened}起对全{area}{count}个司法所{period}工作进行了考核。"
    "考核采取业务数据系统取数与佐证材料评审相结合的方式，自动取数项目均由业务系统记录计算，"
    "人工评分项目均附佐证材料和评分理由，考核结果经公示、异议复核后定稿。现将考核结果通报如下：",
    "{bands}",
    "{first}名列第一。希望受到表扬的司法所再接再厉；其他司法所要对照扣分项目逐项整改，"
    "切实提升基层司法行政工作水平。",
)


def band_lines(rows, bands) -> str:
    parts = []
    for label, _minimum in bands:
        names = [str(r.office) for r in rows if r.band == label]
        if names:
            parts.append(f"{label}等次（{len(names)}个）：{'、'.join(names)}。")
    return "".join(parts)


def results_notice(run, categories, rows) -> bytes:
    on = timezone.localtime(run.finalised_at).date() if run.finalised_at else timezone.localdate()
    bureau = str(run.office)
    words = {
        "scheme": str(run.scheme),
        "bureau": bureau,
        "opened": layout.chinese_date(timezone.localtime(run.opened_at).date()),
        "area": "市" if "市" in bureau else "县",
        "count": len(rows),
        "period": f"{run.scheme.year}年{run.period.name}",
        "bands": band_lines(rows, run.scheme.bands),
        "first": str(rows[0].office) if rows else "",
    }
    title = f"关于{run.scheme.year}年{run.period.name}司法所工作绩效考核结果的通报"
    with layout.official_letter(institution=bureau, title_text=title, number="", on=on) as doc:
        layout.body(doc, "各司法所：")
        layout.indented(doc, *(text.format(**words) for text in TEMPLATE))
        table = doc.add_table(rows=1, cols=4 + len(categories))
        headings = ["名次", "司法所", *[c.name for c in categories], "总分", "等次"]
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            layout.cell_text(cell, [text], label=True)
        for row in rows:
            cells = table.add_row().cells
            values = [str(row.rank), str(row.office)]
            values += [f"{p.normalize():f}" for p in row.categories]
            values += [f"{row.total:f}", row.band]
            for cell, text in zip(cells, values, strict=True):
                layout.cell_text(cell, [text], label=False)
    return layout.to_bytes(doc)

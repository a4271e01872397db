"""Template tags of the audit trail.

`{% load audit_tags %}{% history_table obj %}` shows a "修改记录" card for any record whose
model keeps history. The page that shows the record has already decided who may see it;
the card never shows the values of encrypted fields.
"""

from django import template

from sifa.audit import history

register = template.Library()


@register.inclusion_tag("audit/history_table.html")
def history_table(obj):
    return {"entries": history.changes_for(obj)}


@register.filter
def model_name(label: str) -> str:
    """ "people.person" → "人员" (the access log stores model labels)."""
    return history.model_verbose_name(label)


@register.filter
def field_name(field: str, label: str) -> str:
    """{{ log.field|field_name:log.model }}: "id_number" → "证件号码"."""
    return history.field_verbose_name(label, field)

"""The form renderer (`FORM_RENDERER`): Django's own, with `<select>` drawn in Python.

Django draws a select with one template include per option and another per option's attributes.
On a filter form with an office list and a few code tables that was about a third of a list
page's time (profile of the list pages), and a city's office list has hundreds of options. The
markup is the same, character for character, as Django's templates
(`django/forms/widgets/select.html`, `select_option.html`, `attrs.html`): core's tests compare
the two on every select of every Sifa form. A widget with a template of its own is drawn by its
template as before.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """`{{ value }}`: in local time, localised, then escaped unless already safe."""
    if type(value) is str:  # plain text (an office's name): neither time nor number, not safe
        return html.escape(value)
    return str(conditional_escape(localize(template_localtime(value))))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: `%s` of the value, escaped unless it was safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs: dict) -> str:
    """`attrs.html`: ` name="value"` per attribute, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def select_html(widget: dict) -> SafeString | None:
    """A select widget's markup from its template context, or None when an option has a
    template of its own."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


class KitFormRenderer(DjangoTemplates):
    """Django's default renderer; selects are drawn by `select_html`."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)

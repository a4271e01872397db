"""The work-summary template language (工作总结模板): parse, validate, evaluate.

A template is Chinese prose with placeholders; every number of the drafted summary comes from
the indicator registry and nothing else. The language is deliberately small (no Django or
Jinja templates: a bureau's clerk writes it, and it must never run code):

* ``{{ key }}`` — the value of indicator ``key`` for the draft's office subtree and period;
  ``{{ key[breakdown=stored] }}`` — one row of a breakdown (``stored`` as in a drill-down URL,
  e.g. ``orgs.legal_aid_workstations[host=township]``); a ratio key (``registry.get_ratio``)
  gives the rate in percent (``98.43``).
* Suffixes: ``.last_year`` (the same period a year before), ``.yoy`` (signed change against it in
  percent, one decimal; for a ratio, in percentage points) and ``.yoy_abs`` (its absolute value).
  Without a base (last year 0) ``.yoy`` prints "—", is false in every comparison, and the draft
  warns.
* Units (单位换算): ``{{ key|亿 }}`` prints the value in units of 10^8 with two decimals and
  ``{{ key|万 }}`` in units of 10^4 rounded to an integer (half up), so that prose says
  ``标的额{{ practice.firm_subject_amount|亿 }}亿元`` (4.22亿元) or ``收费{{ … |万 }}万元``;
  ``|亿:1`` / ``|万:2`` choose the decimals (0–4). A unit goes after the breakdown and the
  suffix (``{{ key[b=v].last_year|万 }}``), not on a rate, a 同比 or a word, and not in a
  condition (which compares the values themselves). The one exception: ``{{ key.yoy|%:0 }}``
  rounds a 同比 (half up) to the decimals given instead of its one, so that prose says
  ``同比增长{{ forensic.received.yoy|%:0 }}%`` (同比增长13%, where ``.yoy`` gives 13.1).
* Words: ``{{ office }}`` (the office's name), ``{{ area }}`` (全省 / 全市 / 全县 / 全区 … for a
  bureau by the end of its place name, 全市 when it says none; 全镇 / 全乡 / 全街道 for a 司法所
  by its name, 本所 when the name says neither; 本单位 for any other office), ``{{ year }}``
  (the period's end year) and ``{{ period }}`` (上半年, 下半年, 全年, "3月", "1-9月", or the
  dates of a span that is not whole months).
* Conditions: ``{% if A OP B %}…{% elif … %}…{% else %}…{% endif %}``, nestable; operands are
  placeholders without braces (``mediation.cases_accepted.yoy``) or numbers, OP one of
  ``> < >= <= == !=``.

Numbers print as integers for counts; sums (money) plainly, without thousands separators and
without a trailing ``.00`` (493330元); rates and changes with their decimals.

Evaluation is one `registry.figures_grid` call for the whole document: every placeholder is
collected first, then all indicators are computed for the draft period (and the same period a
year before when a ``.last_year``/``.yoy`` is used), each indicator grouped only by the
breakdowns the document reads.

The document's structure is read off the rendered lines (see `paragraphs()`): the title, then
level-1 headings (一、), level-2 (（一）), level-3 ("1.") and body paragraphs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.reports.compute import DrillDown
from sifa.reports.periods import Period, change_percent, same_period_last_year
from sifa.stats import registry
from sifa.stats.registry import Ratio, Scope

WORDS = ("office", "area", "year", "period")
# Units a value may be stated in (``{{ key|亿 }}``): the divisor and the decimals by default.
SCALES = {"亿": (Decimal(10) ** 8, 2), "万": (Decimal(10) ** 4, 0)}
# A 同比 rounded to other decimals than its one (``{{ key.yoy|%:0 }}`` → 13 for 13.1).
PERCENT = "%"
MAX_SCALE_DECIMALS = 4
SUFFIXES = ("last_year", "yoy", "yoy_abs")
OPERATORS = (">=", "<=", "==", "!=", ">", "<")
NO_BASE = "—"

# --- errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line of the text; 0 for the title
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return _("标题：%(message)s") % {"message": self.message}
        return _("第%(line)d行：%(message)s") % {"line": self.line, "message": self.message}


class TemplateSyntaxError(Exception):
    """The problems of a template, each naming its line (the text itself is kept as typed)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


# --- syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """One reference to a figure or a word: ``key[breakdown=stored].suffix``."""

    key: str
    breakdown: str = ""
    stored: str = ""
    suffix: str = ""  # "", "last_year", "yoy", "yoy_abs"
    line: int = field(default=1, compare=False)
    scale: str = ""  # "", or a unit of SCALES ("亿", "万")
    decimals: int | None = None  # the unit's decimals when written (``|万:1``)

    @property
    def source(self) -> str:
        """The canonical text (also the key of a draft's saved values)."""
        text = self.key
        if self.breakdown:
            text += f"[{self.breakdown}={self.stored}]"
        if self.suffix:
            text += f".{self.suffix}"
        if self.scale:
            text += f"|{self.scale}"
            if self.decimals is not None:
                text += f":{self.decimals}"
        return text

    @property
    def is_word(self) -> bool:
        return self.key in WORDS

    @property
    def needs_last_year(self) -> bool:
        return self.suffix in SUFFIXES


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Var:
    placeholder: Placeholder


@dataclass(frozen=True)
class Condition:
    left: Placeholder | Decimal
    operator: str
    right: Placeholder | Decimal


@dataclass
class If:
    branches: list[tuple[Condition, list]]  # (condition, nodes) for if and each elif
    otherwise: list | None = None


_PLACEHOLDER = re.compile(
    r"^(?P<key>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*?)"
    r"(?:\[(?P<breakdown>\w+)=(?P<stored>[^\]]*)\])?"
    r"(?:\.(?P<suffix>last_year|yoy_abs|yoy))?"
    r"(?:\s*\|\s*(?P<scale>[^\s:|]+)(?::(?P<decimals>\d+))?)?$"
)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# A placeholder or a tag stays on one line: an unclosed one is reported on its own line.
_TOKEN = re.compile(r"\{\{([^\n]*?)\}\}|\{%([^\n]*?)%\}")


def _parse_placeholder(text: str, line: int, problems: list[Problem]) -> Placeholder | None:
    text = text.strip()
    match = _PLACEHOLDER.match(text)
    if not match:
        problems.append(Problem(line, _("无法识别的占位符“%(text)s”。") % {"text": text}))
        return None
    key, suffix = match["key"], match["suffix"] or ""
    # "a.b.yoy" matches key "a.b" with suffix "yoy" (the key part is non-greedy).
    decimals = int(match["decimals"]) if match["decimals"] is not None else None
    placeholder = Placeholder(
        key,
        match["breakdown"] or "",
        match["stored"] or "",
        suffix,
        line,
        scale=match["scale"] or "",
        decimals=decimals,
    )
    problem = _check_placeholder(placeholder)
    if problem:
        problems.append(Problem(line, problem))
        return None
    return placeholder


def _check_placeholder(p: Placeholder) -> str:
    """What is wrong with a placeholder ("" when it names something that exists)."""
    if p.is_word:
        if p.breakdown or p.suffix:
            return _("“%(word)s”不能带分组或同比后缀。") % {"word": p.key}
        if p.scale:
            return _("“%(word)s”不是数值，不能换算单位。") % {"word": p.key}
        return ""
    problem = _check_scale(p)
    if problem:
        return problem
    ratio = _ratio_or_none(p.key)
    if ratio is not None:
        if p.breakdown:
            return _("比率“%(key)s”不能按分组取值。") % {"key": p.key}
        if p.scale:
            return _("比率“%(key)s”是百分数，不能换算单位。") % {"key": p.key}
        return ""
    try:
        indicator = registry.get(p.key)
    except KeyError:
        known, _dot, suffix = p.key.rpartition(".")
        if _is_indicator(known) or _ratio_or_none(known) is not None:
            return _("“%(key)s”没有“.%(suffix)s”这种写法，可用 .last_year、.yoy、.yoy_abs。") % {
                "key": known,
                "suffix": suffix,
            }
        return _("未知的指标或比率“%(key)s”。") % {"key": p.key}
    if p.breakdown:
        try:
            indicator.breakdown(p.breakdown)
        except KeyError:
            return _("指标“%(key)s”没有分组“%(breakdown)s”。") % {
                "key": p.key,
                "breakdown": p.breakdown,
            }
    return ""


def _check_scale(p: Placeholder) -> str:
    """What is wrong with a placeholder's unit ("" when it has none or a sound one)."""
    if not p.scale:
        return ""
    if p.scale == PERCENT:
        if p.suffix not in ("yoy", "yoy_abs"):
            return _("“%(source)s”：|%% 只用于同比（.yoy、.yoy_abs）。") % {"source": p.source}
        if p.decimals is None or p.decimals > MAX_SCALE_DECIMALS:
            return _("“%(source)s”：|%% 后须写小数位数（0–%(most)d），如 |%%:0。") % {
                "source": p.source,
                "most": MAX_SCALE_DECIMALS,
            }
        return ""
    if p.scale not in SCALES:
        return _("“%(source)s”：未知的单位“%(scale)s”，可用 |亿、|万。") % {
            "source": p.source,
            "scale": p.scale,
        }
    if p.decimals is not None and p.decimals > MAX_SCALE_DECIMALS:
        return _("“%(source)s”：小数位数最多%(most)d位。") % {
            "source": p.source,
            "most": MAX_SCALE_DECIMALS,
        }
    if p.suffix in ("yoy", "yoy_abs"):
        return _("“%(source)s”：同比是百分数，不能换算单位。") % {"source": p.source}
    return ""


def _is_indicator(key: str) -> bool:
    try:
        registry.get(key)
    except KeyError:
        return False
    return True


def _ratio_or_none(key: str) -> Ratio | None:
    try:
        return registry.get_ratio(key)
    except KeyError:
        return None


def _parse_condition(text: str, line: int, problems: list[Problem]) -> Condition | None:
    parts = text.split()
    if len(parts) != 3 or parts[1] not in OPERATORS:
        problems.append(
            Problem(
                line,
                _("无法识别的条件“%(text)s”，应写作“指标 比较符 数值”，如 a.b.yoy >= 0。")
                % {"text": text.strip()},
            )
        )
        return None
    operands = []
    for part in (parts[0], parts[2]):
        if _NUMBER.match(part):
            operands.append(Decimal(part))
            continue
        placeholder = _parse_placeholder(part, line, problems)
        if placeholder is None:
            return None
        if placeholder.is_word:
            problems.append(Problem(line, _("条件中不能比较“%(word)s”。") % {"word": part}))
            return None
        if placeholder.scale:
            problems.append(
                Problem(
                    line,
                    _("条件中不能换算单位（“%(text)s”）：比较的是数值本身。") % {"text": part},
                )
            )
            return None
        operands.append(placeholder)
    return Condition(operands[0], parts[1], operands[1])


def parse(text: str, *, title: bool = False) -> list:
    """The syntax tree of a template text; TemplateSyntaxError lists every problem.

    `title`: the text is a title (one line; problems are reported as 标题 instead of a line).
    """
    text = normalise_newlines(text)
    problems: list[Problem] = []
    root: list = []
    stack: list[tuple[If, int]] = []  # open ifs with the line they start on
    current = root
    position = 0

    def line_at(offset: int) -> int:
        return 0 if title else text.count("\n", 0, offset) + 1

    for match in _TOKEN.finditer(text):
        _check_stray_braces(text[position : match.start()], line_at(position), problems)
        if match.start() > position:
            current.append(Text(text[position : match.start()]))
        position = match.end()
        line = line_at(match.start())
        if match.group(1) is not None:
            placeholder = _parse_placeholder(match.group(1), line, problems)
            if placeholder is not None:
                current.append(Var(placeholder))
            continue
        current = _parse_tag(match.group(2).strip(), line, root, stack, current, problems)
    _check_stray_braces(text[position:], line_at(position), problems)
    if position < len(text):
        current.append(Text(text[position:]))
    for _node, line in stack:
        problems.append(Problem(line, _("{% if %} 缺少对应的 {% endif %}。")))
    if problems:
        raise TemplateSyntaxError(sorted(problems, key=lambda p: p.line))
    return root


def normalise_newlines(text: str) -> str:
    """A browser's textarea sends CRLF: lines are counted and split on LF alone."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_stray_braces(chunk: str, first_line: int, problems: list[Problem]) -> None:
    """An unclosed ``{{`` or ``{%`` (or a lone closing one) in the prose."""
    for marker in ("{{", "}}", "{%", "%}"):
        index = chunk.find(marker)
        if index >= 0:
            line = first_line if first_line == 0 else first_line + chunk.count("\n", 0, index)
            problems.append(
                Problem(
                    line, _("“%(marker)s”没有配对（占位符或条件未闭合）。") % {"marker": marker}
                )
            )


def _parse_tag(tag, line, root, stack, current, problems):
    """Apply one {% … %} tag; returns the node list that text goes into next."""
    word, _sep, rest = tag.partition(" ")
    if word == "if":
        condition = _parse_condition(rest, line, problems)
        node = If([(condition, [])])
        current.append(node)
        stack.append((node, line))
        return node.branches[0][1]
    if word in ("elif", "else", "endif") and not stack:
        problems.append(
            Problem(line, _("{%% %(tag)s %%} 前没有对应的 {%% if %%}。") % {"tag": word})
        )
        return current
    if word == "elif":
        node = stack[-1][0]
        if node.otherwise is not None:
            problems.append(Problem(line, _("{% elif %} 不能写在 {% else %} 之后。")))
            return current
        node.branches.append((_parse_condition(rest, line, problems), []))
        return node.branches[-1][1]
    if word == "else":
        node = stack[-1][0]
        if rest.strip() or node.otherwise is not None:
            problems.append(Problem(line, _("{% else %} 重复或带有多余内容。")))
            return current
        node.otherwise = []
        return node.otherwise
    if word == "endif":
        stack.pop()
        return _innermost_list(root, stack)
    problems.append(Problem(line, _("未知的标记“{%% %(tag)s %%}”。") % {"tag": tag}))
    return current


def _innermost_list(root: list, stack) -> list:
    if not stack:
        return root
    node = stack[-1][0]
    return node.otherwise if node.otherwise is not None else node.branches[-1][1]


def validate(body: str, title: str = "") -> list[str]:
    """Chinese messages of every problem of a template (empty: it is sound)."""
    messages: list[str] = []
    for text, is_title in ((title, True), (body, False)):
        try:
            parse(text, title=is_title)
        except TemplateSyntaxError as exc:
            messages += exc.messages
    return messages


def placeholders(nodes: list) -> list[Placeholder]:
    """Every placeholder of a tree, in every branch and condition, in order, without repeats."""
    found: dict[str, Placeholder] = {}

    def visit(items):
        for node in items:
            if isinstance(node, Var):
                found.setdefault(node.placeholder.source, node.placeholder)
            elif isinstance(node, If):
                for condition, branch in node.branches:
                    for operand in (condition.left, condition.right) if condition else ():
                        if isinstance(operand, Placeholder):
                            found.setdefault(operand.source, operand)
                    visit(branch)
                visit(node.otherwise or [])

    visit(nodes)
    return list(found.values())


# --- words ------------------------------------------------------------------------------------


# By the end of the place name (longest first): 某某自治县司法局 → 全县, 某某省司法厅 → 全省.
AREA_OF_BUREAU = (
    ("自治区", "全区"),
    ("自治州", "全州"),
    ("自治县", "全县"),
    ("省", "全省"),
    ("市", "全市"),
    ("县", "全县"),
    ("区", "全区"),
    ("旗", "全旗"),
    ("州", "全州"),
    ("盟", "全盟"),
)


def area_word(office: Office) -> str:
    """全市 / 全县 / 全区 for a bureau, 全镇 / 全乡 / 全街道 (else 本所) for a 司法所."""
    name = office.name
    if office.kind == OfficeKind.JUSTICE_BUREAU:
        place = name.removesuffix("司法局").removesuffix("司法厅")
        for suffix, word in AREA_OF_BUREAU:
            if place.endswith(suffix):
                return word
        return "全省" if name.endswith("司法厅") else "全市"
    if office.kind == OfficeKind.JUDICIAL_OFFICE:
        place = name.removesuffix("司法所")
        for suffix, word in (("街道", "全街道"), ("镇", "全镇"), ("乡", "全乡")):
            if place.endswith(suffix):
                return word
        return "本所"
    return "本单位"


def period_word(start: date, end: date) -> str:
    """上半年 / 下半年 / 全年 / 3月 / 1-9月, or the dates of any other span."""
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1 and start.year == end.year
    if whole:
        first, last = start.month, end.month
        named = {(1, 6): "上半年", (7, 12): "下半年", (1, 12): "全年"}
        if (first, last) in named:
            return named[(first, last)]
        if first == last:
            return f"{first}月"
        return f"{first}-{last}月"
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"


# --- numbers ----------------------------------------------------------------------------------


def _rounded(value, decimals: int):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def format_number(value, *, decimals: int | None = None) -> str:
    """A count as an integer, money plainly (493330, 1234.5), a rate with its decimals."""
    if value is None:
        return NO_BASE
    if isinstance(value, int):
        return str(value)
    number = Decimal(value)
    if decimals is not None:
        return f"{number:.{decimals}f}"
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def format_scaled(value, scale: str, decimals: int | None = None) -> str:
    """A value stated in a unit of SCALES: 422000000 in 亿 → "4.22", 5690000 in 万 → "569".

    Rounded half up to the unit's decimals (亿: 2, 万: 0, unless `decimals` says otherwise);
    None (no value) prints as a dash like every number.
    """
    if value is None:
        return NO_BASE
    divisor, default = SCALES[scale]
    places = default if decimals is None else decimals
    scaled = (Decimal(value) / divisor).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{scaled:.{places}f}"


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _compare(left, operator: str, right) -> bool:
    if left is None or right is None:
        return False
    left, right = Decimal(left), Decimal(right)
    return {
        ">": left > right,
        "<": left < right,
        ">=": left >= right,
        "<=": left <= right,
        "==": left == right,
        "!=": left != right,
    }[operator]


# --- evaluation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A number in the rendered document, with where it comes from."""

    placeholder: Placeholder
    value: object  # int / Decimal / None (no base for a change), before any unit (|亿)
    text: str
    label: str  # the indicator's (or ratio's) label, with the period it reads
    link: DrillDown | None = None


@dataclass(frozen=True)
class Paragraph:
    kind: str  # TITLE, HEADING_1, HEADING_2, HEADING_3 or BODY
    pieces: tuple  # str and Number

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.pieces)


TITLE, HEADING_1, HEADING_2, HEADING_3, BODY = "title", "h1", "h2", "h3", "body"

_LEVEL_1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEVEL_3 = re.compile(r"^\d+[.．]")


def paragraph_kind(text: str) -> str:
    text = text.lstrip()
    if _LEVEL_1.match(text):
        return HEADING_1
    if _LEVEL_2.match(text):
        return HEADING_2
    if _LEVEL_3.match(text):
        return HEADING_3
    return BODY


@dataclass
class Rendered:
    """A drafted summary: the paragraphs with their numbers, and what to check by hand."""

    office: Office
    start: date
    end: date
    paragraphs: list[Paragraph]
    values: dict[str, str]  # placeholder source → the text printed (what a re-check compares)
    warnings: list[str]
    numbers: dict[str, Number]

    @property
    def title(self) -> str:
        return self.paragraphs[0].text if self.paragraphs else ""

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs) + "\n"

    def html(self) -> str:
        """The paragraphs as HTML: every number a link to its records, titled by its label."""
        tags = {TITLE: "h1", HEADING_1: "h2", HEADING_2: "h3", HEADING_3: "h4", BODY: "p"}
        out = []
        for paragraph in self.paragraphs:
            tag = tags[paragraph.kind]
            inner = "".join(_html_piece(piece) for piece in paragraph.pieces)
            out.append(f'<{tag} class="summary-{paragraph.kind}">{inner}</{tag}>')
        return "\n".join(out)


def _html_piece(piece) -> str:
    if isinstance(piece, str):
        return html.escape(piece)
    if piece.link is None:
        return (
            f'<span class="summary-number" title="{html.escape(piece.label)}">{piece.text}</span>'
        )
    return (
        f'<a class="summary-number" href="{html.escape(piece.link.url())}" '
        f'title="{html.escape(piece.label)}">{html.escape(piece.text)}</a>'
    )


def render(title: str, body: str, office: Office, start: date, end: date, *, user=None) -> Rendered:
    """Draft the document: parse, compute every figure with one grid, fill in, lay out.

    Raises TemplateSyntaxError when the title or the body does not parse.
    """
    title_nodes, body_nodes = parse(title, title=True), parse(body)
    wanted = placeholders(title_nodes + body_nodes)
    period = (start, end)
    last_year = same_period_last_year(start, end)
    figures = _compute(wanted, office, period, last_year, user)
    evaluator = _Evaluator(office, period, last_year, figures)
    title_pieces = evaluator.pieces(title_nodes)
    body_pieces = evaluator.pieces(body_nodes)
    paragraphs = [Paragraph(TITLE, tuple(_joined(title_pieces)))] if title.strip() else []
    paragraphs += _paragraphs(body_pieces)
    warnings = evaluator.warnings + hand_typed_numbers(body) + hand_typed_numbers(title, True)
    return Rendered(
        office=office,
        start=start,
        end=end,
        paragraphs=paragraphs,
        values={s: n.text for s, n in evaluator.numbers.items()},
        warnings=warnings,
        numbers=evaluator.numbers,
    )


def plain_title(title: str, office: Office, start: date, end: date) -> str:
    """A title with its words filled in (for lists), without computing any figure.

    A title that reads figures (or does not parse) is shown as typed.
    """
    try:
        nodes = parse(title, title=True)
    except TemplateSyntaxError:
        return title
    if any(not p.is_word for p in placeholders(nodes)):
        return title
    evaluator = _Evaluator(office, (start, end), same_period_last_year(start, end), {})
    return "".join(evaluator.pieces(nodes))


def _compute(wanted, office, period: Period, last_year: Period, user):
    """One figures_grid call for every indicator the placeholders read (and ratios' parts)."""
    breakdowns: dict[str, set[str]] = {}
    for p in wanted:
        if p.is_word:
            continue
        ratio = _ratio_or_none(p.key)
        keys = [ratio.numerator, ratio.denominator] if ratio else [p.key]
        for key in keys:
            breakdowns.setdefault(key, set())
        if p.breakdown:
            breakdowns[p.key].add(p.breakdown)
    if not breakdowns:
        return {}
    # Each indicator grouped only by the breakdowns the document reads: fewer, larger groups.
    indicators = [registry.get(key) for key in breakdowns]
    periods = [period]
    if any(p.needs_last_year for p in wanted):
        periods.append(last_year)
    scope = Scope(office=office, start=period[0], end=period[1], user=user)
    return registry.figures_grid(indicators, scope, periods, breakdowns=breakdowns)


class _Evaluator:
    def __init__(self, office, period, last_year, figures):
        self.office, self.period, self.last_year = office, period, last_year
        self.figures = figures
        self.numbers: dict[str, Number] = {}
        self.warnings: list[str] = []

    def pieces(self, nodes) -> list:
        out: list = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Var):
                out.append(self.piece(node.placeholder))
            else:
                out += self.pieces(self.chosen_branch(node))
        return out

    def chosen_branch(self, node: If) -> list:
        for condition, branch in node.branches:
            if _compare(
                self.operand(condition.left), condition.operator, self.operand(condition.right)
            ):
                return branch
        return node.otherwise or []

    def operand(self, operand):
        if isinstance(operand, Decimal):
            return operand
        return self.number(operand).value

    def piece(self, p: Placeholder):
        if p.key == "office":
            return self.office.name
        if p.key == "area":
            return area_word(self.office)
        if p.key == "year":
            return str(self.period[1].year)
        if p.key == "period":
            return period_word(*self.period)
        return self.number(p)

    def number(self, p: Placeholder) -> Number:
        if p.source not in self.numbers:
            self.numbers[p.source] = self._number(p)
        return self.numbers[p.source]

    def _number(self, p: Placeholder) -> Number:
        ratio = _ratio_or_none(p.key)
        current = self._raw(p, ratio, 0)
        period = self.period
        label = ratio.label if ratio else registry.get(p.key).label
        if p.breakdown:
            label = f"{label}（{self._bucket_label(p)}）"
        decimals = None  # counts as integers, sums and rates with the decimals they have
        if p.suffix == "last_year":
            value, period = self._raw(p, ratio, 1), self.last_year
            label = _("%(label)s（上年同期）") % {"label": label}
        elif p.suffix in ("yoy", "yoy_abs"):
            base = self._raw(p, ratio, 1)
            if ratio:  # a rate changes by percentage points
                value = None if current is None or base is None else _one_decimal(current - base)
            else:
                value = change_percent(current, base)
            if value is None:
                self.warnings.append(
                    str(
                        Problem(
                            p.line,
                            _("“%(source)s”上年同期为0或无数据，无法计算同比。")
                            % {"source": p.source},
                        )
                    )
                )
            elif p.suffix == "yoy_abs":
                value = abs(value)
            decimals = 1
            label = _("%(label)s（同比变化）") % {"label": label}
        else:
            value = current
        if p.scale == PERCENT:  # a 同比 with the decimals asked for
            text = format_number(_rounded(value, p.decimals), decimals=p.decimals)
        elif p.scale:  # never a ratio or a 同比 (refused when parsed)
            unit = registry.get(p.key).unit
            label = _("%(label)s（单位：%(scale)s%(unit)s）") % {
                "label": label,
                "scale": p.scale,
                "unit": unit,
            }
            text = format_scaled(value, p.scale, p.decimals)
        else:
            text = format_number(value, decimals=decimals)
        return Number(p, value, text, str(label), self._link(p, ratio, period))

    def _raw(self, p: Placeholder, ratio: Ratio | None, period_index: int):
        if ratio:
            numerator = self.figures[(ratio.numerator, period_index)].value
            denominator = self.figures[(ratio.denominator, period_index)].value
            return registry.rate(numerator, denominator)
        figures = self.figures[(p.key, period_index)]
        if not p.breakdown:
            return figures.value
        for stored, _label, value in figures.breakdowns[p.breakdown]:
            if registry.breakdown_token(stored) == p.stored:
                return value
        return 0 if not registry.get(p.key).sum_field else Decimal(0)

    def _bucket_label(self, p: Placeholder) -> str:
        for stored, label, _value in self.figures[(p.key, 0)].breakdowns[p.breakdown]:
            if registry.breakdown_token(stored) == p.stored:
                return label
        return p.stored

    def _link(self, p: Placeholder, ratio: Ratio | None, period: Period) -> DrillDown:
        """The records behind the number (a ratio: its numerator's records)."""
        key = ratio.numerator if ratio else p.key
        narrowing = {"breakdown": p.breakdown, "token": p.stored} if p.breakdown else {}
        return DrillDown(key, self.office.pk, period[0], period[1], **narrowing)


def _joined(pieces: list) -> list:
    """Adjacent strings merged (a condition's output next to its neighbours)."""
    out: list = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return out


def _paragraphs(pieces: list) -> list[Paragraph]:
    """Split the rendered pieces into lines; blank lines go, each line is one paragraph."""
    lines: list[list] = [[]]
    for piece in pieces:
        if isinstance(piece, str):
            first, *rest = piece.split("\n")
            lines[-1].append(first)
            for part in rest:
                lines.append([part])
        else:
            lines[-1].append(piece)
    result = []
    for line in lines:
        line = _joined(line)
        if line and isinstance(line[0], str):
            line[0] = line[0].lstrip(" \t\u3000")
        if line and isinstance(line[-1], str):
            line[-1] = line[-1].rstrip()
        line = [piece for piece in line if piece != ""]
        if not line:
            continue
        paragraph = Paragraph(BODY, tuple(line))
        result.append(Paragraph(paragraph_kind(paragraph.text), paragraph.pieces))
    return result


def standalone_html(rendered: Rendered, base_url: str = "") -> str:
    """A whole HTML page of the document (the export and the command's .html)."""
    body = rendered.html()
    if base_url:
        body = body.replace('href="/', f'href="{base_url.rstrip("/")}/')
    return (
        '<!DOCTYPE html>\n<html lang="zh-hans">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(rendered.title)}</title>\n"
        "<style>body{max-width:48em;margin:2em auto;font-family:FangSong,'仿宋_GB2312',serif;"
        "font-size:16pt;line-height:1.8}h1{text-align:center;font-family:'方正小标宋简体',"
        "SimSun,serif;font-weight:normal}h2{font-family:SimHei,'黑体',sans-serif;font-size:16pt}"
        "h3{font-family:KaiTi,'楷体_GB2312',serif;font-size:16pt;font-weight:normal}"
        "h4{font-size:16pt}p{text-indent:2em;margin:0}a.summary-number{color:inherit}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --- hand-typed numbers -----------------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_ALLOWED_AFTER = ("年", "月", "日", "号")
HOTLINES = {"12348", "12345", "110", "12315"}


def hand_typed_numbers(text: str, title: bool = False) -> list[str]:
    """Warnings for Arabic numbers typed into the prose (outside placeholders and tags).

    Dates (2026年, 6月, 30日, 1-6月), hotline numbers (12348, 12345) and heading numbering at
    a line start ("1." / "1、") are not figures and pass.
    """
    text = normalise_newlines(text)
    warnings = []
    position = 0
    chunks = []
    for match in _TOKEN.finditer(text):
        chunks.append((position, text[position : match.start()]))
        position = match.end()
    chunks.append((position, text[position:]))
    for offset, chunk in chunks:
        for match in _DIGITS.finditer(chunk):
            if _is_allowed_number(chunk, match):
                continue
            line = 0 if title else text.count("\n", 0, offset + match.start()) + 1
            warnings.append(
                str(
                    Problem(
                        line,
                        _("“%(number)s”：正文中的数字不是由数据生成的。")
                        % {"number": match.group()},
                    )
                )
            )
    return warnings


def _is_allowed_number(chunk: str, match: re.Match) -> bool:
    number, after = match.group(), chunk[match.end() : match.end() + 1]
    if number in HOTLINES or after in _ALLOWED_AFTER:
        return True
    # 1-6月 / 1—6月: the first month of a span of months
    span = re.match(r"[-—~至]\d+月", chunk[match.end() :])
    if span:
        return True
    line_start = chunk.rfind("\n", 0, match.start()) + 1
    before = chunk[line_start : match.start()]
    if before.strip(" \t\u3000") == "" and after in (".", "．", "、"):
        return True  # heading numbering "1." / "1、"
    return (
        before.endswith(("（", "(")) and after in ("）", ")") and before.strip(" \t\u3000（(") == ""
    )

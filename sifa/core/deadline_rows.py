"""What a line's deadline row (报到期限, 审查决定期限, …) shows beside its dates: the kind's
label and legal article and the state's label, read from the line's own tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class LabelledDeadline:
    """Mixin of a line's deadline dataclass, which has `kind` and `state` fields and names its
    tables: `kind_labels` and `kind_articles` by kind, `state_labels` by state."""

    kind: str
    state: str
    kind_labels: ClassVar[Mapping[str, object]]
    kind_articles: ClassVar[Mapping[str, str]]
    state_labels: ClassVar[Mapping[str, object]]

    @property
    def label(self) -> str:
        return str(self.kind_labels[self.kind])

    @property
    def article(self) -> str:
        return self.kind_articles[self.kind]

    @property
    def state_label(self) -> str:
        return str(self.state_labels[self.state])

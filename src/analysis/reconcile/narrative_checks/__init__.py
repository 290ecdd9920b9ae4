"""Text against tables: every figure the 情况说明 states that the tables (or the text) can prove.

The figure table (`figures`) maps each narrative subject to its printings in the tables; `facts`
parses the narrative frame; `identity` says what a figure measures and of which period; `lookups`
finds a subject's amount and budgets. The rule families: `amounts`, `shares`, `completion`,
`changes` (judged one fact at a time by `judge`: `narrative.fact`), `sums` (`narrative.sum`) and
`nil` statements (`narrative.none`), registered here in that order.

A stated figure is judged as a quotation of the interval its inputs allow (verdict.quote_outcome):
rounding passes, truncation warns (3.85% printed 3.8%), anything else fails. Facts no table or
text can prove (last year's figures, reasons) are listed in one `narrative.unchecked` row rather
than passed silently.
"""

from __future__ import annotations

from ..registry import CheckSpec, register
from .judge import rule_facts
from .nil import rule_none_statements
from .sums import rule_sums

register(CheckSpec("narrative.fact", "narrative", "说明中的数字与表格一致", "a figure stated in the text agrees with the tables",
                   (), rule_facts))
register(CheckSpec("narrative.sum", "narrative", "说明中列举的分项之和 = 总数", "parts listed in the text add up to the stated total",
                   (), rule_sums))
register(CheckSpec("narrative.none", "narrative", "说明称“无”的表格确实无数", "a table the text says is nil prints no figures",
                   (), rule_none_statements))

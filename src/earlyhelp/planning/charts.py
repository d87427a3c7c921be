"""Bar charts of counts and rates (not percentages) in the shapes reports/_chart.html
draws, so planning's charts look and read like the reports'."""

from collections.abc import Callable, Sequence

from earlyhelp.reports.charts import (
    BAR_AREA,
    BAR_GAP,
    BAR_HEIGHT,
    COLOURS,
    GROUP_GAP,
    LABEL_WIDTH,
    TOP,
    Bar,
    Drawing,
    Group,
)

VALUE_LABEL_ROOM = 180  # right of the longest bar, for a value and its range


def draw_values(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    value_text: Callable[[float], str] = lambda value: f"{value:,.1f}",
    labels: Sequence[Sequence[str]] | None = None,
) -> Drawing:
    """Horizontal bars scaled to the largest value; `labels` (per series, per category)
    replace the printed values where given, e.g. to show a range."""
    highest = max((v for _, values in series for v in values if v is not None), default=0)
    scale = BAR_AREA / highest if highest else 0
    groups = []
    y = TOP
    for index, category in enumerate(categories):
        bars = []
        for number, (_, values) in enumerate(series):
            value = values[index]
            width = max(0.0, (value or 0) * scale)
            text = "no data" if value is None else value_text(value)
            if labels is not None:
                text = labels[number][index]
            bars.append(
                Bar(
                    LABEL_WIDTH,
                    y + number * (BAR_HEIGHT + BAR_GAP),
                    round(width, 1),
                    BAR_HEIGHT,
                    COLOURS[number % len(COLOURS)],
                    text,
                    round(LABEL_WIDTH + width + 4, 1),
                )
            )
        group_height = len(series) * (BAR_HEIGHT + BAR_GAP)
        groups.append(Group(category, y + group_height // 2 + 4, bars))
        y += group_height + GROUP_GAP
    description = "; ".join(
        f"{category}: "
        + ", ".join(f"{name} {group.bars[n].value}" for n, (name, _) in enumerate(series))
        for category, group in zip(categories, groups, strict=True)
    )
    return Drawing(
        title,
        LABEL_WIDTH + BAR_AREA + VALUE_LABEL_ROOM,
        y,
        groups,
        [(name, COLOURS[i % len(COLOURS)]) for i, (name, _) in enumerate(series)],
        description,
    )

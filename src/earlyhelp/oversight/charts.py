"""A column chart as SVG shapes drawn by a template: one column per month, its number
above it. Works without JavaScript; the table beside it holds the same numbers."""

from dataclasses import dataclass

COLUMN_WIDTH = 36
COLUMN_GAP = 12
CHART_HEIGHT = 160
TOP = 20  # room for the numbers above the columns
BOTTOM = 24  # room for the labels below
COLOUR = "#1d70b8"  # GOV.UK blue, with enough contrast against white


@dataclass(frozen=True)
class Column:
    x: int
    y: float
    height: float
    value_y: float  # where the number above the column sits
    middle: int
    value: int
    label: str


@dataclass(frozen=True)
class ColumnChart:
    title: str
    width: int
    height: int
    baseline: int
    label_y: int
    column_width: int
    colour: str
    columns: list[Column]
    description: str


def column_chart(title: str, labels: list[str], values: list[int]) -> ColumnChart:
    highest = max(values, default=0) or 1
    columns = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = round(CHART_HEIGHT * value / highest, 1)
        x = index * (COLUMN_WIDTH + COLUMN_GAP)
        columns.append(
            Column(
                x,
                TOP + CHART_HEIGHT - height,
                height,
                TOP + CHART_HEIGHT - height - 4,
                x + COLUMN_WIDTH // 2,
                value,
                label,
            )
        )
    return ColumnChart(
        title=title,
        width=len(values) * (COLUMN_WIDTH + COLUMN_GAP),
        height=TOP + CHART_HEIGHT + BOTTOM,
        baseline=TOP + CHART_HEIGHT,
        label_y=TOP + CHART_HEIGHT + 16,
        column_width=COLUMN_WIDTH,
        colour=COLOUR,
        columns=columns,
        description="; ".join(
            f"{label}: {value}" for label, value in zip(labels, values, strict=True)
        ),
    )

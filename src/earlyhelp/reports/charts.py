"""A bar chart as SVG shapes, drawn by the template: horizontal bars of percentages, one
group per category, one bar per series. Works without JavaScript and prints in the PDF."""

from dataclasses import dataclass

from earlyhelp.reports.catalogue import Chart

LABEL_WIDTH = 220
BAR_AREA = 360
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 14
TOP = 8
# GOV.UK colours with enough contrast against white; the legend names them.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    colour: str
    value: str
    label_x: float


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Drawing:
    title: str
    width: int
    height: int
    groups: list[Group]
    legend: list[tuple[str, str]]  # (series name, colour)
    description: str


def draw(chart: Chart) -> Drawing:
    highest = max((v for series in chart.series for v in series.values if v is not None), default=0)
    scale = BAR_AREA / max(highest, 100.0 if highest <= 100 else highest)
    groups = []
    y = TOP
    for index, category in enumerate(chart.categories):
        bars = []
        for number, series in enumerate(chart.series):
            value = series.values[index]
            width = max(0.0, (value or 0) * scale)
            bars.append(
                Bar(
                    LABEL_WIDTH,
                    y + number * (BAR_HEIGHT + BAR_GAP),
                    round(width, 1),
                    BAR_HEIGHT,
                    COLOURS[number % len(COLOURS)],
                    "no data" if value is None else f"{value:.1f}%",
                    round(LABEL_WIDTH + width + 4, 1),
                )
            )
        group_height = len(chart.series) * (BAR_HEIGHT + BAR_GAP)
        groups.append(Group(category, y + group_height // 2 + 4, bars))
        y += group_height + GROUP_GAP
    description = "; ".join(
        f"{category}: "
        + ", ".join(
            f"{series.name} {'no data' if series.values[i] is None else f'{series.values[i]:.1f}%'}"
            for series in chart.series
        )
        for i, category in enumerate(chart.categories)
    )
    return Drawing(
        chart.title,
        LABEL_WIDTH + BAR_AREA + 70,
        y,
        groups,
        [(s.name, COLOURS[i % len(COLOURS)]) for i, s in enumerate(chart.series)],
        description,
    )

"""GOV.UK components render the same under a threaded server as in one thread."""

import re
from pathlib import Path

import earlyhelp

LIBRARY_TAG = re.compile(r"\{%\s*(gds_[a-z_]+)")


def test_templates_use_only_the_component_tag_that_renders_from_local_values():
    """The library's block tags (phase banner, summary list...) move nodes in and out of
    the shared compiled template while they render: two threads rendering one at once
    crashed a page under load (bench/load.py) and could swap two requests' values."""
    package = Path(earlyhelp.__file__).parent
    used = {
        f"{path.relative_to(package)}: {tag}"
        for path in package.rglob("*.html")
        for tag in LIBRARY_TAG.findall(path.read_text(encoding="utf-8"))
        if tag != "gds_component"
    }
    assert used == set(), (
        "govuk-frontend-django's other tags keep state on shared template nodes; "
        "write the GOV.UK markup instead (see earlyhelp/core/components.py)"
    )

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.tag import GovUKTag

from earlyhelp.accounts.models import Authority
from earlyhelp.core.components import render_component
from earlyhelp.need.models import Band
from earlyhelp.need.selectors import band_labels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def band_tag(
    context: template.Context, band: str, authority: Authority | None = None
) -> SafeString:
    """A band as a coloured GOV.UK tag with the authority's label, e.g. "Level 3".

    The colour name is also in the text for screen readers, so the band is never
    conveyed by colour alone.
    """
    if band not in Band.values:
        return SafeString("")
    authority = authority or context.get("authority")
    cache_key = f"_band_labels_{getattr(authority, 'pk', None)}"
    labels = context.get(cache_key)
    if labels is None:
        labels = {label.band: label.label for label in band_labels_for(authority)}
        context[cache_key] = labels
    colour = Band(band).label
    label = labels[band]
    hidden = (
        ""
        if label == colour
        else format_html('<span class="govuk-visually-hidden"> ({})</span>', colour.lower())
    )
    tag = GovUKTag(html=format_html("{}{}", label, hidden), classes=f"eh-band eh-band--{band}")
    return render_component(tag)

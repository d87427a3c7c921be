from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from earlyhelp.accounts.models import Authority
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
        return mark_safe("")
    authority = authority or context.get("authority")
    cache_key = f"_band_labels_{getattr(authority, 'pk', None)}"
    labels = context.get(cache_key)
    if labels is None:
        labels = {label.band: label.label for label in band_labels_for(authority)}
        context[cache_key] = labels
    colour = Band(band).label
    label = labels[band]
    if label == colour:
        return format_html('<strong class="govuk-tag eh-band eh-band--{}">{}</strong>', band, label)
    return format_html(
        '<strong class="govuk-tag eh-band eh-band--{}">{}'
        '<span class="govuk-visually-hidden"> ({})</span></strong>',
        band,
        label,
        colour.lower(),
    )

"""The page furniture: service navigation and footer, as GOV.UK Frontend components."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from govuk_frontend_django.components.footer import (
    FooterContentlicence,
    FooterCopyright,
    FooterMeta,
    FooterMetaItems,
    GovUKFooter,
)
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
)

from earlyhelp.core.components import render_component

register = template.Library()


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> SafeString:
    items = [
        ServiceNavigationNavigation(text=item["text"], href=item["href"], active=item["active"])
        for item in context.get("navigation", [])
    ]
    user = context.get("user")
    home = reverse("dashboard") if user is not None and user.is_authenticated else reverse("start")
    component = GovUKServiceNavigation(
        serviceName=context.get("service_name", "Early Help"),
        serviceUrl=home,
        navigation=items,
        navigationLabel="Main menu",
    )
    return render_component(component)


@register.simple_tag
def service_footer() -> SafeString:
    component = GovUKFooter(
        meta=FooterMeta(
            visuallyHiddenTitle="Support links",
            items=[
                FooterMetaItems(text="Accessibility statement", href=reverse("accessibility")),
                FooterMetaItems(text="Cookies", href=reverse("cookies")),
                FooterMetaItems(text="Privacy", href=reverse("privacy")),
            ],
        ),
        contentLicence=FooterContentlicence(
            text=(
                "earlyhelp is open source software, released under the MIT licence. "
                "Public data it shows is available under the Open Government Licence v3.0."
            )
        ),
        copyright=FooterCopyright(text="© earlyhelp contributors"),
    )
    return render_component(component)

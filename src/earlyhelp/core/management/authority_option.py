"""The ``--authority SLUG`` option commands share."""

from django.core.management.base import CommandError

from earlyhelp.accounts.models import Authority


def authority_from_option(slug: str | None) -> Authority:
    """The authority named, or the only one there is; otherwise a one-line error (exit 2)."""
    if slug:
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            raise CommandError(f"No authority {slug!r}", returncode=2)
        return authority
    authorities = list(Authority.objects.all()[:2])
    if len(authorities) != 1:
        raise CommandError("Say which authority with --authority SLUG", returncode=2)
    return authorities[0]

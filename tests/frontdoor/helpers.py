"""Walking the public form as a family would."""

import datetime

from django.test import Client

from earlyhelp.accounts.models import District


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = datetime.date.today()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - datetime.timedelta(days=days)


def answer(client: Client, step: str, data: dict[str, str]) -> object:
    return client.post(f"/get-help/{step}/", data)


def young_person_answers(age: int = 14) -> list[tuple[str, dict[str, str]]]:
    district = District.objects.get(name="Redditch")
    return [
        ("who", {"who": "young_person"}),
        (
            "you",
            {
                "first_name": "Kai",
                "last_name": "Marsh",
                "date_of_birth": years_ago(age, days=30).strftime("%d/%m/%Y"),
            },
        ),
        ("where", {"district": str(district.pk), "postcode": "b97 4ab"}),
        ("worries", {"worries": "I keep arguing with my mum and I can't sleep before exams."}),
        ("tried", {"tried_so_far": "I talked to my form tutor."}),
        ("contact", {"requester_name": "Kai Marsh", "requester_email": "kai@example.com"}),
    ]


def fill_in(client: Client, answers: list[tuple[str, dict[str, str]]]) -> None:
    for step, data in answers:
        response = answer(client, step, data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])

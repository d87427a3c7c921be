from django.urls import path

from earlyhelp.coding import views

app_name = "coding"

urlpatterns = [
    path("coding/entries/<uuid:entry_id>/codes/", views.entry_codes, name="entry-codes"),
    path("coding/review/", views.review, name="review"),
    path("coding/review/<uuid:entry_id>/", views.review_entry_page, name="review-entry"),
    path("coding/agreement/", views.agreement, name="agreement"),
    path("safeguarding/", views.flags, name="flags"),
    path("safeguarding/<uuid:flag_id>/close/", views.flag_close, name="flag-close"),
]

from django import forms

from earlyhelp.people.forms import DateField


class RetentionReportForm(forms.Form):
    as_of = DateField(label="Report as at", required=False, help_text="For example, 1/4/2032")

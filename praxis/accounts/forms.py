from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praxis.core.audit import READ_ACTIONS

from .models import NUMBER_OPTIONAL, Country, Language, Profession, User, VerificationStatus
from .privacy_page import read_label
from .validators import CheckedNumber, check_registration_number


class ProfessionalFieldsMixin(forms.Form):
    """Profession, country and registration number, checked together (the rule depends on the country)."""

    profession = forms.ChoiceField(label=_("Profession"), choices=[("", "—"), *Profession.choices])
    specialty = forms.CharField(
        label=_("Specialty"), required=False, max_length=120,
        help_text=_("Required for specialist physicians, e.g. rheumatology, geriatrics."),
    )
    country = forms.ChoiceField(label=_("Country of practice"), choices=[("", "—"), *Country.choices])
    registration_number = forms.CharField(
        label=_("Professional registration number"), required=False, max_length=30,
        help_text=_(
            "Belgium: INAMI/RIZIV (11 digits). France: RPPS (11 digits) or ADELI (9). Switzerland: GLN (13 digits, "
            "starts with 7601). Luxembourg: CNS provider code. Optional for students and social workers."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    postal_code = forms.CharField(label=_("Postal code of your practice"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=120)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, widget=forms.CheckboxSelectMultiple,
        initial=["fr"],
    )

    checked_number: CheckedNumber | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        profession = data.get("profession")
        if profession == Profession.SPECIALIST and not data.get("specialty"):
            self.add_error("specialty", _("Enter your specialty."))
        number = (data.get("registration_number") or "").strip()
        country = data.get("country")
        self.checked_number = None
        if profession and country:
            if number:
                try:
                    self.checked_number = check_registration_number(country, number)
                except ValidationError as error:
                    self.add_error("registration_number", error)
            elif profession not in NUMBER_OPTIONAL:
                self.add_error(
                    "registration_number",
                    _("Your professional registration number is required for your profession."),
                )
        return data


class ProfessionalSignupForm(ProfessionalFieldsMixin):
    """Extra sign-up fields; allauth mixes this form into its own (email and password)."""

    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "family-name"}))
    individual = forms.BooleanField(
        label=_("I register as an individual health professional, not on behalf of a commercial firm."),
        error_messages={"required": _("Commercial firms cannot register as individuals (see the terms of use).")},
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy policy."),
        error_messages={"required": _("You must accept the terms of use to register.")},
    )

    field_order = [
        "first_name", "last_name", "email", "password1", "password2", "profession", "specialty", "country",
        "registration_number", "postal_code", "city", "languages", "individual", "accept_terms",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def signup(self, request: Any, user: User) -> None:
        from . import services

        services.member_complete_signup(user=user, data=self.cleaned_data, checked=self.checked_number)


class ProfileForm(ProfessionalFieldsMixin, forms.ModelForm[User]):
    class Meta:
        model = User
        fields = [
            "first_name", "last_name", "profession", "specialty", "country", "registration_number",
            "postal_code", "city", "languages",
        ]


class VerificationDecisionForm(forms.Form):
    class Decision:
        APPROVE = "approve"
        REJECT = "reject"
        REQUEST_PROOF = "request_proof"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, _("Approve: the number belongs to this professional")),
            (Decision.REQUEST_PROOF, _("Ask for a proof document")),
            (Decision.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the member"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject or to ask for a proof; it is sent by email."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("decision") in {self.Decision.REJECT, self.Decision.REQUEST_PROOF} and not data.get("message"):
            self.add_error("message", _("Explain your decision to the member."))
        return data


class ProofUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Proof document"),
        help_text=_("A PDF, JPEG or PNG of your professional card or registration certificate (10 MB at most)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("I understand that my account and my personal data will be deleted."))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This password is not correct."))
        return password


STATUS_LABELS = dict(VerificationStatus.choices)


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What was read"), required=False)
    actor = forms.EmailField(label=_("Read by (email address)"), required=False)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("Everything")), *sorted(
            ((action, read_label(action)) for action in READ_ACTIONS), key=lambda choice: str(choice[1]))]

"""Pydantic models of a procedure file (schema version 1)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dvc_cli.i18n import N_, _

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PROCEDURE_ID_PATTERN = r"^[a-z][a-z0-9-]*$"  # the file name: procedures/<id>.yaml
PDF_FILE_PATTERN = r"^[A-Za-z0-9._-]+\.pdf$"

QuestionType = Literal[
    "text",
    "name",
    "date",
    "choice",
    "boolean",
    "integer",
    "citizen_id",
    "phone",
    "province",
    "commune",
    "past_place",
]
# What a question's ``type`` may be: an answer type, or ``list`` — a question whose items
# each answer its item questions (core/lists.py), no answer type of its own.
QuestionKind = Literal[(*get_args(QuestionType), "list")]  # type: ignore[valid-type]


class _Strict(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import: a
    # procedure kept between runs (store/procedure_cache.py) is never validated again
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilingual(_Strict):
    """Text in Vietnamese (required) and English (optional)."""

    vi: str = Field(min_length=1)
    en: str | None = None

    def __str__(self) -> str:
        return self.vi


def _bilingual_from_str(value: Any) -> Any:
    return {"vi": value} if isinstance(value, str) else value


class Choice(_Strict):
    value: str = Field(pattern=ID_PATTERN)
    label: Bilingual
    aliases: list[str] = []

    _coerce = field_validator("label", mode="before")(_bilingual_from_str)


class Rule(_Strict):
    """A cross-field check: ``check`` is a Jinja2 expression that must be true."""

    check: str
    message: Bilingual

    _coerce = field_validator("message", mode="before")(_bilingual_from_str)


class Computed(_Strict):
    """A value composed from the answers by a Jinja2 template."""

    id: str = Field(pattern=ID_PATTERN)
    value: str
    description: str | None = None
    # what the value is, in words, for `dvc show` ("Tổng số bản chụp")
    label: Bilingual | None = None

    _coerce = field_validator("label", mode="before")(_bilingual_from_str)


class Question(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    type: QuestionKind = "text"
    label: Bilingual
    help: Bilingual | None = None
    required: bool = True
    default: Any = None
    example: Any = None
    choices: list[Choice] | None = None
    when: str | None = None
    when_text: Bilingual | None = None  # the condition in words, for `dvc show`
    rules: list[Rule] = []
    # other spreadsheet headers meaning this question ("Số CCCD"), matched like its label
    synonyms: list[str] = []
    # text
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None
    # integer
    min: int | None = None
    max: int | None = None
    # date
    not_future: bool = True
    min_age: int | None = Field(default=None, ge=0)
    max_age: int | None = Field(default=None, ge=0)
    # commune: the question holding its province
    province_question: str | None = None
    # citizen_id: questions it must agree with
    gender_question: str | None = None
    birth_date_question: str | None = None
    # list: the questions asked for each item (``min``/``max``: how many items), and what one
    # item is called, a template of ``n`` ("Nơi cư trú trước đây thứ {{ n }}"); see core/lists.py
    items: list[Question] | None = None
    item_label: Bilingual | None = None
    # list: values worked out for each item from its answers (a fee per document), added to
    # the item's mapping by id (a whole number as a number)
    computed: list[Computed] = []

    _coerce = field_validator("label", "help", "when_text", "item_label", mode="before")(
        _bilingual_from_str
    )

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    _("biểu thức chính quy không hợp lệ: {error}").format(error=exc)
                ) from None
        return value

    @model_validator(mode="after")
    def _choices_match_type(self) -> Question:
        if self.type == "choice" and not self.choices:
            raise ValueError(_("câu hỏi loại 'choice' cần có 'choices' (các lựa chọn)"))
        if self.type != "choice" and self.choices:
            raise ValueError(
                _("'choices' chỉ dùng cho câu hỏi loại 'choice', không phải '{type}'").format(
                    type=self.type
                )
            )
        if self.type == "list" and not self.items:
            raise ValueError(_("câu hỏi loại 'list' cần có 'items' (các câu hỏi của mỗi mục)"))
        if self.type != "list" and (
            self.items is not None or self.item_label is not None or self.computed
        ):
            raise ValueError(
                _(
                    "'items', 'item_label' và 'computed' chỉ dùng cho câu hỏi loại 'list', "
                    "không phải '{type}'"
                ).format(type=self.type)
            )
        if self.type == "list" and any(q.type == "list" for q in self.items or ()):
            raise ValueError(_("một mục của danh sách không thể lại là một danh sách"))
        if self.type == "commune" and not self.province_question:
            raise ValueError(
                _("câu hỏi loại 'commune' cần có 'province_question' (câu hỏi tỉnh/thành phố)")
            )
        return self


class Step(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Bilingual
    questions: list[Question] = Field(min_length=1)

    _coerce = field_validator("title", mode="before")(_bilingual_from_str)


class Document(_Strict):
    """One item of the dossier."""

    id: str = Field(pattern=ID_PATTERN)
    title: Bilingual
    kind: Literal["original", "copy", "present", "original_or_copy"]
    count: int | None = Field(default=None, ge=1)
    when: str | None = None
    when_text: Bilingual | None = None  # the condition in words, for `dvc show`
    note: Bilingual | None = None
    produced_by_dvc: bool = False
    # a list question: one entry per item, its title and note seeing that item's answers
    for_each: str | None = None

    _coerce = field_validator("title", "note", "when_text", mode="before")(_bilingual_from_str)


class Visit(_Strict):
    """A place to go, in order."""

    title: Bilingual
    note: Bilingual | None = None
    when: str | None = None
    when_text: Bilingual | None = None  # the condition in words, for `dvc show`

    _coerce = field_validator("title", "note", "when_text", mode="before")(_bilingual_from_str)


class LegalBasis(_Strict):
    title: str
    citation: str | None = None
    note: str | None = None


class Source(_Strict):
    """Where a fact of the procedure was read: ``backs`` names the facts it supports
    (``authority``, ``dossier.<id>``, ``visits.<index>``…; checked by catalog/sources.py)."""

    id: str = Field(pattern=ID_PATTERN)
    document: str = Field(min_length=1)
    article: str | None = None
    read_at: str = Field(min_length=1)  # a URL, or the portal record read
    checked: dt.date
    certainty: Literal["confirmed", "third-party", "unknown"]
    backs: list[str] = Field(min_length=1)

    @field_validator("checked", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(
                _("'{value}' không phải ngày dạng YYYY-MM-DD").format(value=value)
            ) from None


class ListColumn(_Strict):
    """One column of a form's table of list items: the field of row ``n`` is ``<field>_<n>``
    in the template; ``value`` a template of one item (its answers, ``n``, the outer answers);
    ``heading`` the column's title on the continuation page."""

    field: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    value: str
    heading: str = Field(min_length=1)


class FormList(_Strict):
    """Where a list question's items go on a form: ``rows`` table rows (or lines); the items
    past them go on a continuation page appended to the same PDF, and ``more_field`` (when the
    form has one) then says so ("xem trang bổ sung")."""

    question: str = Field(pattern=ID_PATTERN)  # the list question
    rows: int = Field(ge=0)
    columns: list[ListColumn] = Field(min_length=1)
    more_field: str | None = None
    more_text: str = N_("xem trang bổ sung")  # the form's words: never translated
    # the continuation page's heading; the form's title when not given
    title: str | None = None


class OutputForm(_Strict):
    """A PDF form to fill: template under forms/ and field → Jinja2 template."""

    id: str = Field(pattern=ID_PATTERN)
    file: str = Field(pattern=PDF_FILE_PATTERN)
    template: str
    title: Bilingual
    fields: dict[str, str]
    lists: list[FormList] = []

    _coerce = field_validator("title", mode="before")(_bilingual_from_str)


class CardResidence(_Strict):
    """Where an ID card's address goes: ``street`` (house number, street, hamlet),
    ``province`` and ``commune`` (converted to the current units), or one text question
    ``line`` holding the whole address as written today."""

    street: str | None = None
    province: str | None = None
    commune: str | None = None
    line: str | None = None


class CardFills(_Strict):
    """Which question receives each field of an ID card (all optional): its name, birth date,
    gender, personal ID number, old 9-digit CMND number, card type (a choice with the labels
    Căn cước công dân / Thẻ căn cước), date of issue, issuer, residence; ``has_card``: a
    yes/no question a card answers yes."""

    name: str | None = None
    birth_date: str | None = None
    gender: str | None = None
    id_number: str | None = None
    old_id_number: str | None = None
    id_type: str | None = None
    issue_date: str | None = None
    issuer: str | None = None
    residence: CardResidence | None = None
    has_card: str | None = None

    def targets(self) -> list[tuple[tuple[str, ...], str]]:
        """((key path), question id) of every field given, in declaration order."""
        from dvc_cli.core.records import card_targets

        return card_targets(self)


class IdCardBlock(_Strict):
    """A person whose ID card's QR code fills a block of questions: ``role`` names the person
    (``--id-card role=PAYLOAD``), ``first`` the question that also accepts a scan (default:
    the one receiving the name)."""

    role: str = Field(pattern=ID_PATTERN)
    first: str | None = None
    fills: CardFills

    @property
    def first_question(self) -> str | None:
        return self.first or self.fills.name


class Migration(_Strict):
    """Answers of an older version of the procedure carried into a list question: when any
    of ``item``'s old answer ids is given (and ``into`` is not), they become one more item of
    it (``item``: item question id → old answer id; several rules make several items, in
    order). ``drop``: old answers that mean nothing any more (the count the list replaces)."""

    into: str = Field(pattern=ID_PATTERN)
    item: dict[str, str] = Field(min_length=1)
    drop: list[str] = []


class Procedure(_Strict):
    schema_version: Literal[1]
    id: str = Field(pattern=PROCEDURE_ID_PATTERN)
    portal_code: str | None = None
    title: Bilingual
    keywords: list[str] = []
    authority: Bilingual
    processing_time: Bilingual
    fee: Bilingual
    validity: Bilingual | None = None
    online: Bilingual | None = None
    legal_basis: list[LegalBasis] = Field(min_length=1)
    notes: list[Bilingual] = []
    # doubts and to-dos for whoever keeps the file: `dvc show` and `dvc check`, never on papers
    maintainer_notes: list[Bilingual] = []
    sources: list[Source] = []
    name_question: str = "full_name"
    # constructed, not validated: validating here would build Bilingual's validator at import
    person_label: Bilingual = Bilingual.model_construct(vi="Người được cấp", en="Person")
    steps: list[Step] = Field(min_length=1)
    computed: list[Computed] = []
    dossier: list[Document] = Field(min_length=1)
    visits: list[Visit] = []
    outputs: list[OutputForm] = []
    # the persons an ID card's QR code fills (core/vn/id_card.py, core/card_fill.py)
    id_card: list[IdCardBlock] = []
    # answers files and drafts of older versions, read into today's questions
    migrate: list[Migration] = []

    _coerce = field_validator(
        "title",
        "authority",
        "processing_time",
        "fee",
        "validity",
        "online",
        "person_label",
        mode="before",
    )(_bilingual_from_str)

    @field_validator("notes", "maintainer_notes", mode="before")
    @classmethod
    def _coerce_notes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_bilingual_from_str(v) for v in value]
        return value

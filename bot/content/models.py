"""Pydantic (v1) models of the content files. The files' format is the spec; these models mirror it.

They are strict on purpose: an unknown field is an error (a typo such as `reveiw_due` must not
silently drop a review date), text must be text (an unquoted `phone: 101` is a number in YAML),
and every list of choices is closed. Phone numbers, web addresses and dates are checked in
`checks.py`, where the messages can be written for editors.

The field descriptions become the JSON Schema (`bot content schema`) that gives editors completion
and hover help in VS Code.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Dict, List, Literal, Optional, Type

from pydantic import BaseModel, Extra, Field, StrictBool, conint, conlist, constr, validator

from bot.strands import STRAND_IDS

DISTRICT_IDS = (
    "basildon",
    "braintree",
    "brentwood",
    "castle_point",
    "chelmsford",
    "colchester",
    "epping_forest",
    "harlow",
    "maldon",
    "rochford",
    "tendring",
    "uttlesford",
    "southend",
    "thurrock",
)
AREAS = ("national", "essex") + DISTRICT_IDS
AUDIENCES = ("everyone", "victim", "family_friend", "parent", "young_person", "older_person", "business", "professional")
STATUSES = ("approved", "draft", "retired")
SPECIAL_STRANDS = ("emergency", "reporting", "out_of_scope")
ADVICE_STRANDS = tuple(STRAND_IDS) + SPECIAL_STRANDS

# Literal[tuple] expands to Literal["a", "b", ...]; the JSON Schema turns each into an `enum`.
StrandId = Literal[ADVICE_STRANDS]  # type: ignore[valid-type]
DistrictId = Literal[DISTRICT_IDS]  # type: ignore[valid-type]
Area = Literal[AREAS]  # type: ignore[valid-type]
Audience = Literal[AUDIENCES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]

# strict=True: YAML turns `101`, `yes` or `2027-01-01` into numbers, booleans and dates; a text field
# must be written as text (in quotes where needed) so nothing changes meaning on the way in.
Text = constr(strict=True, strip_whitespace=True, min_length=1)

REFERRAL_ID_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
ITEM_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
# Shape only (digits and single spaces); the full rule is `formats.phone_problem`.
PHONE_SHAPE_PATTERN = r"^[0-9]+( [0-9]+)*$"
URL_SHAPE_PATTERN = r"^https://[^\s/]+\.[^\s/]+(/\S*)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _allow_null_for_optional_fields(schema: Dict[str, Any], model: Type[BaseModel]) -> None:
    """pydantic v1 leaves `null` out of Optional fields; the files write `phone: null`, so allow it."""
    for name, model_field in model.__fields__.items():
        prop = schema.get("properties", {}).get(model_field.alias or name)
        if prop is None or not model_field.allow_none:
            continue
        if isinstance(prop.get("type"), str):
            prop["type"] = [prop["type"], "null"]
        elif "$ref" in prop or "allOf" in prop or "enum" in prop:
            inner = {k: prop.pop(k) for k in ("$ref", "allOf", "enum") if k in prop}
            prop["anyOf"] = [inner, {"type": "null"}]


class StrictModel(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        validate_all = True
        schema_extra = staticmethod(_allow_null_for_optional_fields)


def _check_date(value: Any) -> Any:
    # YAML gives a date for `2027-05-20`; a quoted "2027-05-20" is parsed by pydantic. Anything else
    # (a number, a date with a time) would be quietly converted, so refuse it here.
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time, written as YYYY-MM-DD, for example 2027-05-20")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value.strip()):
        return value.strip()
    raise ValueError("must be a date written as YYYY-MM-DD (year-month-day), for example 2027-05-20")


class Referral(StrictModel):
    """One service that advice can point residents to. Every service appears once, by its id."""

    id: str = Field(
        ...,
        description="Short name used by advice items to point here: lower-case letters, numbers and underscores, e.g. police_101.",
        pattern=REFERRAL_ID_PATTERN,
    )
    name: Text = Field(..., description="The service's name as residents know it, e.g. 'Victim Support Supportline'.")
    phone: Optional[Text] = Field(
        None,
        description="Phone number in quotes, e.g. \"0800 555 111\" or \"101\". null if there is no confirmed number.",
        pattern=PHONE_SHAPE_PATTERN,
    )
    text_number: Optional[Text] = Field(
        None, description="Number to send a text message to, in quotes, e.g. \"85258\". null if none.", pattern=PHONE_SHAPE_PATTERN
    )
    textphone: Optional[Text] = Field(
        None,
        description="Textphone / Relay UK number, in quotes, e.g. \"18001 101\". null if none.",
        pattern=PHONE_SHAPE_PATTERN,
    )
    url: Optional[Text] = Field(
        None, description="The service's web page, starting with https://. null if none is confirmed.", pattern=URL_SHAPE_PATTERN
    )
    hours: Text = Field(..., description="When it is open, in plain words, e.g. '24 hours a day, 7 days a week' or 'Check the website'.")
    for_whom: Text = Field(..., description="Who the service is for, in one plain sentence.")
    min_age: Optional[conint(strict=True, ge=0, le=120)] = Field(None, description="Youngest age the service is for, or null.")
    max_age: Optional[conint(strict=True, ge=0, le=120)] = Field(None, description="Oldest age the service is for, or null.")
    area: Area = Field(..., description="Where it works: national, essex, or one district id (e.g. southend).")
    confirmed: StrictBool = Field(
        ...,
        description="true only when every detail shown was read on the organisation's own or an official page. "
        "Approved advice cannot use a referral with confirmed: false.",
    )
    source: Text = Field(..., description="The https:// page the details were checked against.", pattern=URL_SHAPE_PATTERN)
    notes: Optional[Text] = Field(None, description="One or two plain sentences shown with the service, e.g. how to use it.")

    @validator("id", pre=True)
    def _id_format(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("must be text, for example police_101")
        if not re.fullmatch(REFERRAL_ID_PATTERN, value):
            raise ValueError(
                "must use only lower-case letters, numbers and underscores (_), starting with a letter, for example police_101"
            )
        return value


class ReferralsFile(StrictModel):
    """content/referrals.yml: the directory of every service advice refers to."""

    referrals: conlist(Referral, min_items=1) = Field(..., description="Every service, once each.")


class WhenToCall(StrictModel):
    """What to do in an emergency and when it is not an emergency."""

    emergency: Text = Field(..., description="When to call 999, in one plain sentence.")
    non_emergency: Text = Field(..., description="What to do when it is not an emergency (101, online, a helpline).")


class AdviceItem(StrictModel):
    """One piece of advice the assistant can give."""

    id: str = Field(
        ...,
        description="Unique id across all advice files: lower-case letters, numbers and hyphens, e.g. burglary-after-a-burglary. "
        "Never reuse an id for different advice.",
        pattern=ITEM_ID_PATTERN,
    )
    title: Text = Field(..., description="Short heading, as a resident would say it.")
    topics: conlist(Text, min_items=1) = Field(
        ..., description="Keywords and phrases residents might use; they help the assistant pick this item. Quote numbers: \"999\"."
    )
    questions: List[Text] = Field(
        default_factory=list,
        description="5 to 10 questions as residents would type them, in their own words (an approved item needs at least 3). "
        "The assistant compares a resident's message with these by meaning to pick this item.",
    )
    audience: conlist(Audience, min_items=1) = Field(..., description="Who it is written for. 'everyone' matches every resident.")
    districts: List[DistrictId] = Field(
        default_factory=list, description="Districts it applies to. Leave empty ([]) for all of Essex, Southend and Thurrock."
    )
    summary: Text = Field(..., description="Two or three short sentences in plain words (aim for a reading age of 13 or under).")
    steps: conlist(Text, min_items=1) = Field(..., description="What to do, one short sentence per step.")
    when_to_call: WhenToCall = Field(..., description="What to do in an emergency and when it is not one.")
    referrals: List[str] = Field(
        default_factory=list, description="Ids of services in referrals.yml, most useful first, e.g. [police_101, victim_support]."
    )
    source: Text = Field(..., description="The https:// page this advice was checked against.", pattern=URL_SHAPE_PATTERN)
    owner: Text = Field(..., description="The team responsible for keeping this advice right.")
    reviewed_by: Text = Field(..., description="The role of the person who last reviewed it.")
    reviewed_on: date = Field(..., description="Date of the last review, YYYY-MM-DD.", pattern=DATE_PATTERN)
    review_due: date = Field(..., description="Date by which it must be reviewed again, YYYY-MM-DD.", pattern=DATE_PATTERN)
    status: Status = Field(
        ..., description="approved = the assistant may give it; draft = not yet (not shown); retired = no longer used (not shown)."
    )

    _dates = validator("reviewed_on", "review_due", pre=True, allow_reuse=True)(_check_date)

    @validator("id", pre=True)
    def _id_format(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("must be text, for example burglary-after-a-burglary")
        if not re.fullmatch(ITEM_ID_PATTERN, value):
            raise ValueError(
                "must use only lower-case letters, numbers and hyphens (-), starting with a letter, "
                "for example burglary-after-a-burglary"
            )
        return value

    @validator("referrals", each_item=True, pre=True)
    def _referral_id_is_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("must be a referral id from referrals.yml, for example police_101")
        return value


class AdviceFile(StrictModel):
    """content/advice/<name>.yml: the advice items of one strand."""

    strand: StrandId = Field(..., description="One of the 14 strand ids, or emergency, reporting or out_of_scope.")
    items: conlist(AdviceItem, min_items=1) = Field(..., description="The advice items of this strand.")

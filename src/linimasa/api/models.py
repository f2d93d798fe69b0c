"""Response models of the HTTP API (pydantic): they document the JSON in the OpenAPI
schema and check every response against it.

Document, story and entity objects are the output contract's objects
(``docs/output-contract.md``): the contract's fields are declared, and any extra field the
pipeline adds is passed through (``extra="allow"``), as the contract allows.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linimasa.limits import MAX_ID


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PageInfo(BaseModel):
    page: int = Field(ge=1, description="This page (1-based).")
    per_page: int = Field(ge=1, le=200, description="Items per page.")
    total: int = Field(ge=0, description="Items over all pages.")
    pages: int = Field(ge=1, description="Number of pages.")
    next_page: int | None = Field(description="The next page number, null on the last page.")
    prev_page: int | None = Field(description="The previous page number, null on the first page.")


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None = Field(description="ISO 8601 date or date-time of publication.")
    day: str | None = Field(description="YYYY-MM-DD of publication, the value the date filters compare.")
    lang: str | None
    story: str | None
    duplicate_of: str | None
    display_title: str | None = Field(
        default=None, description="The title, or the first sentence of the text (shortened) when there is none."
    )


class DocumentPage(PageInfo):
    items: list[DocumentSummary]


class Timex(Open):
    text: str
    start: int
    end: int
    type: str
    value: str | None


class Mention(Open):
    text: str
    start: int
    end: int
    type: str
    id: str | None
    name: str | None


class Quote(Open):
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None


class Document(Open):
    """A document object of the output contract (``text`` is the clean text)."""

    id: str
    url: str | None
    lang: str | None
    title: str | None
    outlet: str | None
    dateline: str | None
    published: str | None
    published_from: str | None
    text: str
    removed: list[dict[str, Any]]
    credits: list[str]
    timexes: list[Timex]
    entities: list[Mention]
    quotes: list[Quote]
    story: str | None
    duplicate_of: str | None


class StorySummary(BaseModel):
    id: str
    title: str | None
    start: str | None
    end: str | None
    documents: int = Field(ge=0, description="Number of articles (copies included).")
    outlets: list[str] = Field(description="Outlets that published articles of the story.")
    per_day: dict[str, int] = Field(description="Articles per publication day (YYYY-MM-DD).")
    activity: float | None = Field(
        default=None, description="Activity score (docs/serving.md); with sort=activity or the document filters."
    )
    first_article: str | None = Field(default=None, description="Day of the story's first article.")
    last_article: str | None = Field(default=None, description="Day of the story's last article.")
    thread: str | None = Field(default=None, description="Id of the story's thread.")


class StoryPage(PageInfo):
    items: list[StorySummary]
    sort: str | None = Field(default=None, description="activity or newest (ranked lists only).")
    min_articles: int | None = Field(default=None, description="Stories with fewer articles are left out.")
    hidden: int | None = Field(default=None, description="Matching stories left out by min_articles.")
    reference_day: str | None = Field(default=None, description="The day the activity's recency is measured from.")


class AttentionSeries(BaseModel):
    outlet: str
    documents: int = Field(ge=0, description="Dated matching documents of this outlet (or of the other outlets).")
    per_day: dict[str, int]


class Attention(BaseModel):
    query: str
    total: int = Field(ge=0, description="Matching documents, dated or not.")
    undated: int = Field(ge=0, description="Matching documents without a publication day.")
    per_day: dict[str, int] = Field(description="Matching documents per publication day, all outlets.")
    series: list[AttentionSeries] = Field(
        description="Per outlet: the five with most matches by name, the others summed as 'other outlets'."
    )


class Participant(BaseModel):
    id: str
    name: str | None
    type: str | None
    documents: int | None


class TimelineEvent(Open):
    date: str = Field(description="TIMEX3 date value (2025-01-12, 2025-01, 2025-01-10/2025-01-13).")
    text: str = Field(description="The evidence sentence.")
    documents: list[str] = Field(description="Ids of the documents that support the event.")
    status: str | None = Field(default=None, description="happened, reported, planned, expected...")


class TimelineItem(TimelineEvent):
    outlets: list[str] = Field(description="Outlets of the supporting documents.")


class TimelinePage(PageInfo):
    story: str
    items: list[TimelineItem]


class Story(Open):
    """A story object of the output contract plus the views the story page shows."""

    id: str
    title: str
    documents: list[str]
    start: str | None
    end: str | None
    entities: list[str]
    summary: list[dict[str, Any]]
    timeline: list[TimelineEvent]
    participants: list[Participant]
    document_list: list[DocumentSummary]
    outlets: dict[str, int] = Field(description="Articles per outlet.")
    per_day: dict[str, int] = Field(description="Articles per publication day.")
    thread: str | None = Field(default=None, description="Id of the thread the story belongs to (null when alone).")
    why: dict[str, Any] = Field(
        default_factory=dict,
        description="Why its members are together: shared terms, entities, the days their leads name, the weakest join score.",
    )
    speakers: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Who said what: {speaker, speaker_id, count, quotes: [{document, index, text, kind, day, outlet}]}, most quoted first.",
    )
    outlet_firsts: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Each outlet's {outlet, articles, first, first_document}, earliest first: the first item reported first.",
    )


class ThreadSummary(BaseModel):
    id: str
    title: str | None
    start: str | None
    end: str | None
    stories: int = Field(ge=0, description="Number of stories.")


class ThreadPage(PageInfo):
    items: list[ThreadSummary]


class ThreadLink(Open):
    story: str = Field(description="The story this link brings into the thread.")
    to: str = Field(description="The earlier story it follows.")
    score: float = Field(description="Link score (shared central actors and subject terms, plus a reference bonus).")
    entities: list[str] = Field(description="Shared central entity ids, strongest first.")
    terms: list[str] = Field(description="Shared subject terms (stems), strongest first.")
    reference: str | None = Field(
        description="A date the story names back that falls in the earlier story (2019, 2023-09)."
    )


class ThreadStory(BaseModel):
    id: str
    title: str | None
    start: str | None
    end: str | None
    documents: int = Field(ge=0)


class Thread(Open):
    """A thread object of the output contract (threads.jsonl) plus its stories and participants."""

    id: str
    title: str
    stories: list[str] = Field(description="Story ids in time order.")
    entities: list[str]
    start: str | None
    end: str | None
    links: list[ThreadLink]
    story_list: list[ThreadStory]
    participants: list[Participant]


class EntitySummary(BaseModel):
    id: str
    name: str | None
    type: str | None
    documents: int = Field(ge=0)


class EntityPage(PageInfo):
    items: list[EntitySummary]


class EntityStory(BaseModel):
    id: str
    title: str | None
    start: str | None
    end: str | None
    documents: int = Field(description="Documents of the story that mention the entity.")


class Entity(Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    documents: int
    per_day: dict[str, int] = Field(description="Mentions per publication day.")
    stories: list[EntityStory]
    quotes: int = Field(description="Number of quotations attributed to the entity.")
    co_mentioned: list[Participant] = Field(
        default_factory=list, description="Entities in the most of its documents ('documents': shared documents)."
    )
    quotes_per_day: dict[str, int] = Field(default_factory=dict, description="Quotes attributed to it per day.")


class QuoteItem(BaseModel):
    document: str
    index: int = Field(description="Position of the quote in the document's quotes list.")
    text: str
    speaker: str | None
    kind: str | None
    title: str | None
    day: str | None
    outlet: str | None


class QuotePage(PageInfo):
    entity: str
    items: list[QuoteItem]


class Snippet(BaseModel):
    text: str
    highlights: list[list[int]] = Field(description="[start, end] offsets of matched words in the snippet text.")


class SearchHit(DocumentSummary):
    snippet: Snippet


class SearchTerm(BaseModel):
    words: list[str]
    prefix: bool
    excluded: bool
    alternative: bool = Field(False, description="Joined to the term before it by OR: either may match.")


class SearchPage(PageInfo):
    query: str
    terms: list[SearchTerm] = Field(description="How the query was understood (folded words).")
    items: list[SearchHit]


class Facet(BaseModel):
    value: str
    documents: int


class Facets(BaseModel):
    languages: list[Facet]
    outlets: list[Facet]


class Health(BaseModel):
    status: str
    version: str
    backend: str
    schema_version: int
    documents: int
    stories: int
    entities: int


class Skipped(BaseModel):
    source: str
    reason: str


class RunWarning(BaseModel):
    source: str = Field(description="The line (JSON Lines) or record (JSON array) as `<stdin>:N`.")
    message: str


class IngestedDocument(BaseModel):
    id: str
    story: str | None
    duplicate_of: str | None


class IngestResult(BaseModel):
    run: int
    read: int = Field(description="Documents read from the request body.")
    analysed: int
    unchanged: int = Field(description="Documents already stored with the same content.")
    skipped: list[Skipped] = Field(description="Lines that were not documents, with the reason.")
    warnings: list[RunWarning] = Field(
        description="Non-fatal problems, as `linimasa run` prints them: a stored document replaced by a new "
        "text, an input field ignored or not kept, a language without a language pack."
    )
    documents: list[IngestedDocument]
    stories: int = Field(description="Stories in the store after regrouping.")
    entities: int


class Error(BaseModel):
    detail: Any = Field(description="What was wrong: a message, or a list of invalid parameters.")


# -- request bodies ---------------------------------------------------------------------

MAX_TEXT = 5_000_000
MAX_FIELD = 2048


class InputDocument(BaseModel):
    """One article as in the ``.jsonl`` input: ``text`` or ``html`` required.

    Every limit stated here is enforced on ``POST /api/documents`` (422 naming the line or
    record and the field). A field that is not a string (an integer ``id`` is used as the id;
    any other type is ignored with a warning, as for the ``.jsonl`` input) is not
    length-checked: only strings are stored.
    """

    model_config = ConfigDict(extra="allow", title="InputDocument")

    id: str | None = Field(
        default=None,
        max_length=MAX_ID,
        description="Document id (else the url); as long as GET /api/documents/{id} accepts.",
    )
    text: str | None = Field(default=None, max_length=MAX_TEXT, description="The article text.")
    html: str | None = Field(default=None, max_length=MAX_TEXT, description="The article's HTML page.")
    title: str | None = Field(default=None, max_length=MAX_FIELD)
    url: str | None = Field(default=None, max_length=MAX_FIELD)
    published: str | None = Field(
        default=None, max_length=MAX_FIELD, description="ISO 8601 date or date-time (or another form the README lists)"
    )
    outlet: str | None = Field(default=None, max_length=MAX_FIELD)
    dateline: str | None = Field(default=None, max_length=MAX_FIELD, description="The dateline's place")
    lang: str | None = Field(default=None, max_length=MAX_FIELD)


def input_document_schema() -> dict[str, Any]:
    """The JSON schema of :class:`InputDocument` for the OpenAPI document."""
    spec = InputDocument.model_json_schema()
    spec["anyOf"] = [{"required": ["text"]}, {"required": ["html"]}]
    return spec


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def input_document_problems(obj: dict[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for each limit of :class:`InputDocument` that ``obj`` breaks.

    Only the string values of the declared fields are checked (see the class).
    """
    # a lone surrogate (an escape "\ud800") counts as one character: the reader replaces it, with a
    # warning, as in a .jsonl file (pydantic refused the string: "unable to parse raw data")
    strings = {
        k: _LONE_SURROGATE.sub("\ufffd", v)
        for k, v in obj.items()
        if k in InputDocument.model_fields and isinstance(v, str)
    }
    try:
        InputDocument.model_validate(strings)
    except ValidationError as exc:
        return [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
    return []

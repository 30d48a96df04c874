"""Dialogs that write: a new claim from words selected in a source, and the claim that a
selection is added to as evidence. They check what they would write with the data core's
writer (authoring.py) and hand the change back; the app writes it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..authoring import Change, NewClaim, NewEvidence, claim_added, evidence_added, suggested_id
from ..choices import STATUSES
from ..format import DATE_PATTERN, ID_PATTERN
from ..model import Library
from ..problems import DossierError
from ..search import SearchIndex, parse_query
from ..textsafe import visible
from . import render


@dataclass(frozen=True)
class Quoted:
    """Words chosen from a paragraph to quote."""

    ref: str  # source-id#paragraph-id
    quote: str


class LastItemSuggester(Suggester):
    """Completes the last item of a comma-separated list (`capture, ni` → `capture, nis`)."""

    def __init__(self, items: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.items = items

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        typed = last.lstrip()
        if not typed:
            return None
        found = next((item for item in self.items if item.startswith(typed) and item != typed), None)
        return None if found is None else value[: len(value) - len(typed)] + found


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


class ClaimForm(ModalScreen[Change | None]):
    """A new claim quoting the selected words: its text (the quote to start from), dossier,
    id (suggested from the text, checked as typed), speaker, relays, status, date and tags.
    Ctrl+S checks it as the validator would and hands back the change; Esc cancels, asking
    first when something was typed."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form-save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="form-cancel"),
    ]

    def __init__(self, library: Library, quoted: Quoted, dossier_id: str | None) -> None:
        super().__init__()
        self.library, self.quoted = library, quoted
        self.dossier_id = dossier_id if dossier_id in library.dossiers else next(iter(library.dossiers), None)
        self._id_typed = False  # once the reader types an id, the text no longer suggests one
        self._warned = False  # Esc asked once whether to discard what was typed
        self._start: dict[str, object] = {}

    def compose(self):
        library, quoted = self.library, self.quoted
        source = library.sources.get(quoted.ref.partition("#")[0])
        speakers = sorted({name for claim in library.claims.values() for name in (claim.speaker, *claim.via) if name})
        tags = sorted({tag for claim in library.claims.values() for tag in claim.tags})
        with Vertical(id="claim-form", classes="dialog"):
            yield Static(
                Content("Ctrl+S: save · Esc: cancel · Tab: next field").stylize("$text-muted"), classes="dialog-hint"
            )
            with VerticalScroll(id="form-fields"):
                where = f"{source.title} · {quoted.ref}" if source else quoted.ref
                yield Static(
                    Content.assemble(
                        (f"“{visible(render.one_line(quoted.quote))}”", "italic"), "\n", (visible(where), "$text-muted")
                    ),
                    id="form-quote",
                )
                yield from _field(
                    "Text", Input(value=quoted.quote, select_on_focus=False, compact=True, id="form-text")
                )
                yield from _field(
                    "Dossier",
                    Select(
                        [(visible(dossier.title), key) for key, dossier in library.dossiers.items()],
                        value=self.dossier_id if self.dossier_id else Select.NULL,
                        allow_blank=False,
                        compact=True,
                        id="form-dossier",
                    ),
                )
                yield from _field("Id", Input(value=self._suggested(quoted.quote), compact=True, id="form-id"))
                yield Static("", id="form-id-note", classes="form-note")
                suggest = SuggestFromList(speakers, case_sensitive=False)
                yield from _field(
                    "Speaker", Input(placeholder="who asserts it", suggester=suggest, compact=True, id="form-speaker")
                )
                yield from _field(
                    "Via",
                    Input(
                        placeholder="who relayed it, comma-separated",
                        suggester=LastItemSuggester(speakers),
                        compact=True,
                        id="form-via",
                    ),
                )
                yield from _field(
                    "Status",
                    Select(
                        [(status, status) for status in STATUSES],
                        value="reported",
                        allow_blank=False,
                        compact=True,
                        id="form-status",
                    ),
                )
                published = [source.published] if source and source.published else []
                yield from _field(
                    "Date",
                    Input(
                        placeholder=f"YYYY-MM-DD{f' (the source: {published[0]})' if published else ''}",
                        suggester=SuggestFromList(published),
                        compact=True,
                        id="form-date",
                    ),
                )
                yield from _field(
                    "Tags",
                    Input(
                        placeholder="comma-separated", suggester=LastItemSuggester(tags), compact=True, id="form-tags"
                    ),
                )
            yield Static("", id="form-problem", classes="form-note")

    def on_mount(self) -> None:
        self.query_one("#claim-form").border_title = "New claim"
        self._start = self._values()
        self._check_id()
        self.query_one("#form-text", Input).focus()

    def _suggested(self, text: str) -> str:
        return suggested_id(text, self.library.claims.keys() | self.library.former_ids.keys())

    def _values(self) -> dict[str, object]:
        return {
            widget.id: widget.value for widget in self.query("#form-fields Input, #form-fields Select") if widget.id
        }

    @on(Input.Changed, "#form-text")
    def _text_changed(self, event: Input.Changed) -> None:
        if not self._id_typed:
            self.query_one("#form-id", Input).value = self._suggested(event.value)

    @on(Input.Changed, "#form-id")
    def _id_changed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self._id_typed = True
        self._check_id()

    def _check_id(self) -> None:
        typed = self.query_one("#form-id", Input).value
        claim = self.library.claim(typed)
        if not ID_PATTERN.match(typed):
            note = ("an id is lowercase letters, digits and hyphens", "$text-error")
        elif claim is not None:
            note = (f"taken: {visible(render.one_line(claim.text))}", "$text-error")
        else:
            note = ("free: the claim's permalink", "$text-success")
        self.query_one("#form-id-note", Static).update(Content.assemble(("   ", ""), note))

    def _claim(self) -> NewClaim:
        value = self._values()
        date = str(value["form-date"]).strip()
        return NewClaim(
            dossier_id=str(value["form-dossier"]),
            id=str(value["form-id"]).strip(),
            text=str(value["form-text"]),
            evidence=(NewEvidence(self.quoted.ref, self.quoted.quote),),
            speaker=str(value["form-speaker"]).strip() or None,
            via=_listed(str(value["form-via"])),
            date=date or None,
            status=None if value["form-status"] == "reported" else str(value["form-status"]),
            tags=_listed(str(value["form-tags"])),
        )

    def action_save(self) -> None:
        claim = self._claim()
        date = claim.date or ""
        if date and not DATE_PATTERN.match(date):
            self._problem("the date is written YYYY-MM-DD")
            return
        try:
            self.dismiss(claim_added(self.library, claim))
        except DossierError as error:
            self._problem(str(error))

    def _problem(self, message: str) -> None:
        self.query_one("#form-problem", Static).update(Content(visible(message)).stylize("$text-error"))

    def action_cancel(self) -> None:
        if self._values() != self._start and not self._warned:
            self._warned = True
            self._problem("What you typed is not saved: Esc again discards it, Ctrl+S saves it")
            return
        self.dismiss(None)


def _field(label: str, widget) -> object:
    with Horizontal(classes="form-row"):
        yield Static(label, classes="form-label")
        yield widget


class ClaimPicker(ModalScreen[Change | None]):
    """The claim a selection is added to as evidence ("this other report says the same"),
    found as the search box finds it; Enter checks the change and hands it back."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker-cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker-up"),
    ]

    LIMIT = 50

    def __init__(self, library: Library, index: SearchIndex, quoted: Quoted, query: str = "") -> None:
        super().__init__()
        self.library, self.index, self.quoted, self.query_text = library, index, quoted, query

    def compose(self):
        with Vertical(id="claim-picker", classes="dialog"):
            yield Static(
                Content.assemble(
                    (f"“{visible(render.one_line(self.quoted.quote))}”", "italic"),
                    ("  ", ""),
                    (visible(self.quoted.ref), "$text-muted"),
                ),
                id="picker-quote",
            )
            yield Input(
                value=self.query_text, placeholder="find the claim it supports", compact=True, id="picker-query"
            )
            yield OptionList(id="picker-list", markup=False)
            yield Static("", id="picker-problem", classes="form-note")
            yield Static(
                Content("Enter: add it there · ↑↓: choose · Esc: cancel").stylize("$text-muted"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#claim-picker").border_title = "Add as evidence of…"
        self._search(self.query_text)
        self.query_one("#picker-query", Input).focus()

    @on(Input.Changed, "#picker-query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        results = self.index.search(parse_query(text))
        claims = self.library.claims
        options = [
            Option(render.claim_line(self.library, claims[hit.key]), id=hit.key)
            for hit in results.hits[: self.LIMIT]
            if hit.kind == "claim" and hit.key in claims
        ]
        listed = self.query_one("#picker-list", OptionList)
        listed.set_options(options)
        listed.highlighted = 0 if options else None

    def action_move(self, step: int) -> None:
        listed = self.query_one("#picker-list", OptionList)
        listed.action_cursor_down() if step > 0 else listed.action_cursor_up()

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        listed = self.query_one("#picker-list", OptionList)
        if listed.highlighted is not None:
            self._pick(listed.get_option_at_index(listed.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, claim_id: str | None) -> None:
        if claim_id is None:
            return
        try:
            self.dismiss(evidence_added(self.library, claim_id, NewEvidence(self.quoted.ref, self.quoted.quote)))
        except DossierError as error:
            problem = self.query_one("#picker-problem", Static)
            problem.update(Content(visible(str(error))).stylize("$text-error"))

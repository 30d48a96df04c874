"""Dialogs that write: a new claim from words selected in a source, and the claim that a
selection is added to as evidence. They check what they would write with the data core's
writer (write/authoring.py) and hand the change back; the app writes it."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Collection
from dataclasses import dataclass

from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..library.choices import STATUSES
from ..library.format import BOUNDS, DEFAULT_BOUND, DEFAULT_STATUS, ID_PATTERN, RELATIONS, date_problem
from ..library.model import Claim, Library
from ..library.problems import DossierError
from ..search.index import SearchIndex
from ..search.query import parse_query
from ..text.textsafe import visible
from ..write.authoring import Change, NewClaim, NewEvidence, claim_added, claim_edited, dossier_added, evidence_added
from ..write.suggestions import suggested_figure, suggested_id
from ..write.writing import ChangedOnDisk
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


NEW_DOSSIER = "\0new"  # the dossier field's last choice: a new dossier file


@dataclass(frozen=True)
class Writing:
    """What the app gives a dialog that writes: the library and its index as they are now
    (a file read again while the dialog is open is in them), and the save: it makes the
    change from the library as it is then and writes it, or raises DossierError having
    written nothing (ChangedOnDisk: the file is being read again, and a second try makes
    the change from what it holds then)."""

    library: Callable[[], Library]
    index: Callable[[], SearchIndex]
    save: Callable[[Callable[[], Change]], Change]


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


class ClaimForm(ModalScreen[Change | None]):
    """A claim's fields in a form: a new claim quoting the selected words (its text
    starts as the quote, its id is suggested from the text and checked as typed, a figure
    in the quote is offered), or a claim's fields to change (its id, a permalink, stays).
    Ctrl+S checks it as the validator would and writes it, closing with the change once it
    is written: whatever stops the write, the form stays with what was typed and says why.
    Esc cancels and Ctrl+C quits, each asking first when something was typed; Ctrl+O finds
    a claim for a relation."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form-save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="form-cancel"),
        Binding("ctrl+o", "find_claim", "Find a claim", priority=True, id="form-find-claim"),
    ]
    # Focused as the form is composed: keys typed as soon as it shows go into the text
    # (a focus() in on_mount comes later, and they went to the first focusable widget).
    AUTO_FOCUS = "#form-text"

    def __init__(
        self,
        writing: Writing,
        quoted: Quoted | None,
        dossier_id: str | None,
        editing: Claim | None = None,
        paths: Collection[str] = (),
    ) -> None:
        super().__init__()
        self.writing, self.quoted, self.editing = writing, quoted, editing
        self.paths = paths  # the library's: where a new dossier's file may go
        library = self.library
        self.dossier_id = dossier_id if dossier_id in library.dossiers else next(iter(library.dossiers), None)
        self._id_typed = editing is not None  # once the reader types an id, the text no longer suggests one
        self._warned = False  # Esc asked once whether to discard what was typed
        self._quit_warned = False  # Ctrl+C likewise, whether to quit
        self._start: dict[str, object] = {}
        self._relation_field = "form-supports"  # where Ctrl+O puts the claim it finds

    @property
    def library(self) -> Library:
        return self.writing.library()

    def _prefilled(self) -> dict[str, str]:
        """What the fields start with: the claim's values, or the quote's."""
        if self.editing is not None:
            return _shown(self.editing)
        quote = self.quoted.quote if self.quoted else ""
        figure = suggested_figure(quote) or {}
        return {
            "text": quote, "bound": figure.get("bound", DEFAULT_BOUND), "value": figure.get("value", ""),
            "unit": figure.get("unit") or "", "status": DEFAULT_STATUS,
        }  # fmt: skip

    def compose(self):
        library, quoted, claim = self.library, self.quoted, self.editing
        value = self._prefilled()
        speakers = sorted({name for claim in library.claims.values() for name in (claim.speaker, *claim.via) if name})
        tags = sorted({tag for claim in library.claims.values() for tag in claim.tags})
        source = library.sources.get(quoted.ref.partition("#")[0]) if quoted else None

        def text_field(label: str, name: str, placeholder: str = "", suggester: Suggester | None = None):
            field = Input(
                value=value.get(name, ""), placeholder=placeholder, suggester=suggester, select_on_focus=False,
                compact=True, id=f"form-{name}",
            )  # fmt: skip
            return _field(label, field)

        with Vertical(id="claim-form", classes="dialog"):
            # Docked below the fields: what stops a save is read whole, however small the screen.
            with Vertical(id="form-foot", classes="dialog-hint"):
                yield Static("", id="form-problem", classes="form-note")
                hint = "Ctrl+S: save · Esc: cancel · Tab: next field · Ctrl+O: find a claim"
                yield Static(Content(hint).stylize("$text-muted"))
            with VerticalScroll(id="form-fields"):
                if quoted is not None:
                    where = f"{source.title} · {quoted.ref}" if source else quoted.ref
                    heading = Content.assemble(
                        (f"“{visible(render.one_line(quoted.quote))}”", "italic"), "\n", (visible(where), "$text-muted")
                    )
                else:
                    heading = Content(visible(f"{claim.location.path}:{claim.location.line}")).stylize("$text-muted")
                yield Static(heading, id="form-quote")
                yield from text_field("Text", "text")
                yield from _field(
                    "Dossier",
                    Select(
                        [(visible(dossier.title), key) for key, dossier in library.dossiers.items()]
                        + ([] if claim else [("New dossier…", NEW_DOSSIER)]),
                        value=self.dossier_id if self.dossier_id else NEW_DOSSIER,
                        allow_blank=False,
                        compact=True,
                        disabled=claim is not None,
                        id="form-dossier",
                    ),
                )
                if claim is None:
                    with Horizontal(classes="form-row", id="form-new-dossier"):
                        yield Static("", classes="form-label")
                        yield Input(placeholder="the new dossier's id", compact=True, id="form-dossier-id")
                        yield Input(placeholder="its title", compact=True, id="form-dossier-title")
                    yield Static("", id="form-dossier-note", classes="form-note")
                claim_id = claim.id if claim else self._suggested(value["text"])
                yield from _field("Id", Input(value=claim_id, compact=True, disabled=claim is not None, id="form-id"))
                yield Static("", id="form-id-note", classes="form-note")
                names = SuggestFromList(speakers, case_sensitive=False)
                yield from text_field("Speaker", "speaker", "who asserts it", names)
                yield from text_field("Via", "via", "who relayed it, comma-separated", LastItemSuggester(speakers))
                yield from _field(
                    "Status",
                    Select([(status, status) for status in STATUSES], value=value["status"], allow_blank=False,
                           compact=True, id="form-status"),
                )  # fmt: skip
                published = [source.published] if source and source.published else []
                offered = f" (the source: {published[0]})" if published else ""
                yield from text_field("Date", "date", f"YYYY-MM-DD{offered}", SuggestFromList(published))
                yield from text_field("Tags", "tags", "comma-separated", LastItemSuggester(tags))
                ids = LastItemSuggester(sorted(library.claims))
                for kind in RELATIONS:
                    yield from text_field(kind.capitalize(), kind, "claim ids, comma-separated · Ctrl+O finds one", ids)
                with Horizontal(classes="form-row"):
                    yield Static("Figure", classes="form-label")
                    yield Input(value=value.get("what", ""), placeholder="what it counts: an id, to write it",
                                compact=True, id="form-what")  # fmt: skip
                    yield Input(value=value["value"], placeholder="number", compact=True, id="form-value")
                    yield Select([(bound, bound) for bound in BOUNDS], value=value["bound"], allow_blank=False,
                                 compact=True, id="form-bound")  # fmt: skip
                    yield Input(value=value["unit"], placeholder="unit", compact=True, id="form-unit")

    def on_mount(self) -> None:
        title = f"Change claim {visible(self.editing.id)}" if self.editing else "New claim"
        self.query_one("#claim-form").border_title = title
        self._start = self._values()
        self._check_id()
        self._show_new_dossier()

    @on(Select.Changed, "#form-dossier")
    def _show_new_dossier(self) -> None:
        """The new dossier's id and title, where the reader chose a new dossier."""
        if self.editing is None:
            new = self.query_one("#form-dossier", Select).value == NEW_DOSSIER
            self.query_one("#form-new-dossier").display = new
            self.query_one("#form-dossier-note").display = new
            self._check_dossier_id()

    @on(Input.Changed, "#form-dossier-id")
    def _check_dossier_id(self) -> None:
        typed = self.query_one("#form-dossier-id", Input).value
        dossier = self.library.dossiers.get(typed)
        if not typed:
            note = ("a new file, beside the dossier's; its id names it", "$text-muted")
        else:
            note = _id_note(typed, dossier.title if dossier else None, f"free: written as {visible(typed)}.yaml")
        self.query_one("#form-dossier-note", Static).update(Content.assemble(("   ", ""), note))

    def _suggested(self, text: str) -> str:
        # Looked up in both, not joined: a set of 100,000 ids made at each key took 7 ms.
        return suggested_id(text, ChainMap(self.library.claims, self.library.former_ids))

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
        if self.editing is not None:
            note = ("the claim's permalink: it stays as it is", "$text-muted")
        else:
            note = _id_note(typed, claim.text if claim else None, "free: the claim's permalink")
        self.query_one("#form-id-note", Static).update(Content.assemble(("   ", ""), note))

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        if event.widget.id in {f"form-{kind}" for kind in RELATIONS}:
            self._relation_field = event.widget.id

    def _change(self) -> Change:
        """The change the form asks for, made from the library as it is now."""
        typed = _as_keys(self._values())
        if typed["date"]:
            problem = date_problem(str(typed["date"]))
            if problem:
                raise DossierError(f"the date: {problem}")
        library = self.library
        if self.editing is not None:
            was = _as_keys(self._start)
            changes = {name: item for name, item in typed.items() if item != was.get(name)}
            if not changes:
                raise DossierError("Nothing changed: Esc leaves the claim as it is")
            claim = library.claims.get(self.editing.id)
            if claim is None:
                raise DossierError(f"claim {self.editing.id} is no longer in the library (removed on disk?)")
            now = _as_keys({f"form-{name}": value for name, value in _shown(claim).items()})
            changed_on_disk = [name for name in changes if now.get(name) != was.get(name)]
            if changed_on_disk:
                raise DossierError(
                    f"{', '.join(changed_on_disk)} of {claim.id} changed on disk too since this form opened; nothing "
                    "written. Esc, and open the claim again to see it as it is now"
                )
            return claim_edited(library, self.editing.id, changes)
        quoted = self.quoted
        dossier_id = str(self.query_one("#form-dossier", Select).value)
        new_dossier = dossier_id == NEW_DOSSIER
        if new_dossier:
            dossier_id = self.query_one("#form-dossier-id", Input).value.strip()
            if not dossier_id:
                raise DossierError("the new dossier needs an id")
        claim = NewClaim(
            dossier_id=dossier_id,
            id=self.query_one("#form-id", Input).value.strip(),
            text=str(typed["text"]),
            evidence=(NewEvidence(quoted.ref, quoted.quote),),
            speaker=typed["speaker"],
            via=typed["via"],
            date=typed["date"],
            status=None if typed["status"] == DEFAULT_STATUS else str(typed["status"]),
            tags=typed["tags"],
            relations={kind: typed[kind] for kind in RELATIONS if typed[kind]},
            figure=typed["figure"],
        )
        if new_dossier:
            title = self.query_one("#form-dossier-title", Input).value
            return dossier_added(library, claim, title, self.paths, self.dossier_id)
        return claim_added(library, claim)

    def action_save(self) -> None:
        # Ctrl+S is taken before the keys typed just ahead of it reach the focused field:
        # the save waits in that field's queue behind them.
        focused = self.focused
        if focused is not None:
            focused.call_later(self._save)
        else:
            self._save()

    def _save(self) -> None:
        try:
            change = self.writing.save(self._change)
        except ChangedOnDisk as error:
            self._problem(f"{error}. It is read again now, and what you typed stays: Ctrl+S writes it in then")
        except DossierError as error:
            self._problem(str(error))
        except Exception as error:  # a bug: said, and what was typed is not lost to it
            self._problem(f"internal error: {type(error).__name__}: {error}; nothing written, what you typed stays")
        else:
            self.dismiss(change)

    async def action_find_claim(self) -> None:
        def found(claim_id: str | None) -> None:
            if claim_id:
                field = self.query_one(f"#{self._relation_field}", Input)
                field.value = ", ".join((*_listed(field.value), claim_id))
                field.focus()

        kind = self._relation_field.removeprefix("form-")
        picker = ClaimPicker(self.writing, None, pick=lambda claim_id: claim_id, kind=kind)
        await self.app.open_screen(picker, found)  # ^o is a priority key: what is typed next is the query

    def _problem(self, message: str) -> None:
        self.query_one("#form-problem", Static).update(Content(visible(message)).stylize("$text-error"))

    def action_cancel(self) -> None:
        if self._values() != self._start and not self._warned:
            self._warned = True
            self._problem("What you typed is not saved: Esc again discards it, Ctrl+S saves it")
            return
        self.dismiss(None)

    def may_quit(self) -> bool:
        """Whether the app may quit over this form: at once if nothing was typed, else at
        the second asking (Ctrl+C twice), the first saying what would be lost."""
        if self._values() == self._start or self._quit_warned:
            return True
        self._quit_warned = True
        self._problem("What you typed is not saved: Ctrl+C again quits and discards it, Ctrl+S saves it")
        return False


def _id_note(typed: str, taken_by: str | None, free: str) -> tuple[str, str]:
    """What the note under an id field says of the id typed: `taken_by`, what has it."""
    if not ID_PATTERN.match(typed):
        return ("an id is lowercase letters, digits and hyphens", "$text-error")
    if taken_by is not None:
        return (f"taken: {visible(render.one_line(taken_by))}", "$text-error")
    return (free, "$text-success")


def _shown(claim: Claim) -> dict[str, str]:
    """A claim's values as the form's fields show them."""
    figure = claim.figure
    return {
        "text": claim.text, "speaker": claim.speaker or "", "via": ", ".join(claim.via), "date": claim.date or "",
        "status": claim.status, "tags": ", ".join(claim.tags),
        **{kind: ", ".join(claim.targets(kind)) for kind in RELATIONS},
        "what": figure.what if figure else "", "value": _digits(figure.value) if figure else "",
        "bound": figure.bound if figure else DEFAULT_BOUND, "unit": (figure.unit or "") if figure else "",
    }  # fmt: skip


def _as_keys(fields: dict[str, object]) -> dict[str, object]:
    """The form's fields as a claim's keys (see authoring.claim_edited): text, lists, a figure."""
    value = {key.removeprefix("form-"): item for key, item in fields.items()}
    typed: dict[str, object] = {"text": str(value["text"])}
    for name in ("speaker", "date"):
        typed[name] = str(value[name]).strip() or None
    for name in ("via", "tags", *RELATIONS):
        typed[name] = _listed(str(value[name]))
    typed["status"] = str(value["status"])
    what, digits = str(value["what"]).strip(), str(value["value"]).strip().replace(",", "")
    bound = str(value["bound"])
    typed["figure"] = (
        {"what": what, "value": digits, "bound": None if bound == DEFAULT_BOUND else bound,
         "unit": str(value["unit"]).strip() or None}
        if what
        else None
    )  # fmt: skip
    return typed


def _digits(value: int | float) -> str:
    return str(value)


def _field(label: str, widget) -> object:
    with Horizontal(classes="form-row"):
        yield Static(label, classes="form-label")
        yield widget


class ClaimPicker(ModalScreen[object]):
    """A claim found as the search box finds it: the one a selection is added to as
    evidence ("this other report says the same"), Enter checking the change and handing
    it back; or, given `pick`, what `pick` makes of the claim's id (a relation's)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker-cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker-up"),
    ]
    AUTO_FOCUS = "#picker-query"  # as the form's: what is typed at once is the query

    LIMIT = 50

    def __init__(
        self,
        writing: Writing,
        quoted: Quoted | None,
        query: str = "",
        pick: Callable[[str], object] | None = None,
        kind: str = "",
    ) -> None:
        super().__init__()
        self.writing, self.quoted, self.query_text = writing, quoted, query
        self.pick, self.kind = pick, kind

    @property
    def library(self) -> Library:
        return self.writing.library()

    def compose(self):
        with Vertical(id="claim-picker", classes="dialog"):
            if self.quoted is not None:
                yield Static(
                    Content.assemble(
                        (f"“{visible(render.one_line(self.quoted.quote))}”", "italic"),
                        ("  ", ""),
                        (visible(self.quoted.ref), "$text-muted"),
                    ),
                    id="picker-quote",
                )
            placeholder = f"find the claim it {self.kind}" if self.pick else "find the claim it supports"
            yield Input(value=self.query_text, placeholder=placeholder, compact=True, id="picker-query")
            yield OptionList(id="picker-list", markup=False)
            yield Static("", id="picker-problem", classes="form-note")
            yield Static(
                Content(f"Enter: {'pick it' if self.pick else 'add it there'} · ↑↓: choose · Esc: cancel").stylize(
                    "$text-muted"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        title = f"The claim it {self.kind}…" if self.pick else "Add as evidence of…"
        self.query_one("#claim-picker").border_title = title
        self._search(self.query_text)

    @on(Input.Changed, "#picker-query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        results = self.writing.index().search(parse_query(text))
        library = self.library
        claims = library.claims
        options = [
            Option(render.claim_line(library, claims[hit.key]), id=hit.key)
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
        if self.pick is not None:
            self.dismiss(self.pick(claim_id))
            return
        evidence = NewEvidence(self.quoted.ref, self.quoted.quote)
        try:
            change = self.writing.save(lambda: evidence_added(self.library, claim_id, evidence))
        except DossierError as error:
            problem = self.query_one("#picker-problem", Static)
            problem.update(Content(visible(str(error))).stylize("$text-error"))
        else:
            self.dismiss(change)


class ConfirmScreen(ModalScreen[bool]):
    """A question before a removal: Enter or y goes ahead, Esc or n does not."""

    BINDINGS = [
        Binding("enter,y", "dismiss(True)", "Yes", id="confirm-yes"),
        Binding("escape,n", "dismiss(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, question: Content) -> None:
        super().__init__()
        self.title_text, self.question = title, question

    def compose(self):
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            yield Static(Content("Enter or y: remove · Esc or n: keep · u undoes it").stylize("$text-muted"),
                         classes="dialog-hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#confirm").border_title = self.title_text

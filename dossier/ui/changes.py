"""The changes view: what changed between the last two versions of a source (paragraphs
edited, added, removed, each with a word diff) and the quotes each change touches, the ones
that matter most first (a figure changed inside a quote, then a name). `a` accepts the
verdict highlighted, `M` every quote moved; nothing is written otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..library.model import Library, Version
from ..library.problems import DossierError
from ..store.loader import load_library
from ..text.textsafe import counted, visible
from ..versions.changes import ParagraphChange, SourceChanges, accept, refusal, source_changes
from ..versions.verdicts import Verdict
from . import render
from .views import ViewList

LABELS = {
    "unchanged": "unchanged",
    "moved": "moved",
    "ambiguous": "in several places",
    "edited": "edited",
    "removed": "removed",
}
STYLES = {
    "moved": "$text-warning",
    "ambiguous": "$text-warning",
    "edited": "$text-error",
    "removed": "bold $text-error",
}


@dataclass(frozen=True, slots=True)
class OpenEvidence:
    """A quote picked in the changes view: its claim opened at that piece of evidence."""

    claim_id: str
    index: int


def diff_content(diff: list[tuple[str, str]]) -> Content:
    """A word diff as the screen shows it: words taken out struck through, put in bold."""
    styles = {"=": "", "-": "strike $text-error", "+": "bold $text-success"}
    parts: list[Content] = []
    for op, text in diff:
        parts.append(Content(visible(text)).stylize(styles[op]) if styles[op] else Content(visible(text)))
    return Content(" ").join(parts)


class ChangesView(Screen[OpenEvidence | None]):
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Back", tooltip="Back to the claims", id="close-changes"),
        Binding(
            "a",
            "accept",
            "Accept",
            tooltip="Accept the verdict highlighted: the evidence follows its words",
            id="accept",
        ),
        Binding(
            "M",
            "accept_moved",
            "Accept moved",
            tooltip="Accept every quote moved to another paragraph",
            id="accept-moved",
        ),
        Binding("o", "old_version", "Old version", tooltip="Read the version before, whole", id="old-version"),
    ]

    def __init__(self, library: Library, source_id: str, paths: list[str], write) -> None:
        """`write`: how a change is written (the live library's, so that `u` undoes it)."""
        super().__init__()
        self.library, self.source_id, self.paths, self.write = library, source_id, paths, write
        self.changes: SourceChanges = source_changes(library, source_id)
        self.rows: dict[str, ParagraphChange | Verdict] = {}

    def compose(self):
        yield Static(id="view-title")
        yield ViewList(id="view-list", markup=False)
        yield Static(id="view-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(ViewList).focus()

    def fill(self, keep: str | None = None) -> None:
        changes = self.changes
        pending = len(changes.pending)
        waiting = (
            f"{pending:,} of {counted(len(changes.verdicts), 'quote')} wait" if pending else "every quote unchanged"
        )
        title = Content.assemble(
            ("Changes", "bold $text-primary"),
            (
                f" · {visible(self.source_id)} · version {changes.version} against {changes.version - 1} · {waiting}",
                "$text-muted",
            ),
        )
        self.query_one("#view-title", Static).update(title)
        options: list[Option] = []
        self.rows = {}
        listed: set[tuple[str, int]] = set()
        for number, change in enumerate(changes.paragraphs):
            touched = [verdict for verdict in change.touched if not verdict.settled]
            quotes = f" · {counted(len(touched), 'quote')}" if touched else ""
            line = Content.assemble(
                (f"{change.id:<6}", "bold"), (f"{change.change:<8}", STYLES.get(change.change, "$text-success")),
                (quotes, "$text-muted"), "  ", visible(render.one_line(change.after or change.before or "")[:200]),
            )  # fmt: skip
            self.rows[f"paragraph:{number}"] = change
            options.append(Option(line, id=f"paragraph:{number}"))
            for verdict in touched:
                options.append(self._verdict_option(verdict))
                listed.add((verdict.cited.claim, verdict.cited.index))
        for verdict in changes.pending:  # quotes whose paragraph did not change (unanchored before)
            if (verdict.cited.claim, verdict.cited.index) not in listed:
                options.append(self._verdict_option(verdict))
        if not options:
            options = [
                Option(Content("The two versions hold the same paragraphs.").stylize("$text-muted"), disabled=True)
            ]
        view_list = self.query_one(ViewList)
        view_list.set_options(options)
        ids = [option.id for option in view_list.options]
        view_list.highlighted = ids.index(keep) if keep in ids else (0 if self.rows else None)
        self._preview()

    def _verdict_option(self, verdict: Verdict) -> Option:
        cited = verdict.cited
        key = f"verdict:{cited.claim}:{cited.index}"
        self.rows[key] = verdict
        where = ""
        if verdict.verdict == "moved":
            where = f" to {verdict.now}"
        elif verdict.verdict == "edited":
            where = f" at {verdict.now} ({verdict.similarity:.2f})"
        label = (LABELS[verdict.verdict], STYLES.get(verdict.verdict, ""))
        line = Content.assemble(
            "   ", label, (visible(where), "$text-muted"),
            "  ", (visible(f"{cited.claim} [{cited.index + 1}]"), "bold"),
        )  # fmt: skip
        return Option(line, id=key)

    def on_option_list_option_highlighted(self) -> None:
        self._preview()

    def _highlighted(self) -> ParagraphChange | Verdict | None:
        view_list = self.query_one(ViewList)
        option = view_list.highlighted_option
        return self.rows.get(option.id) if option is not None and option.id else None

    def _preview(self) -> None:
        row = self._highlighted()
        preview = self.query_one("#view-preview", Static)
        if isinstance(row, ParagraphChange):
            if row.change == "edited":
                shown = diff_content(row.diff)
            else:
                shown = Content(visible(row.after or row.before or "")).stylize(
                    "" if row.change == "added" else "strike"
                )
            preview.update(Content.assemble((f"{row.id} {row.change}: ", "bold"), shown))
        elif isinstance(row, Verdict):
            cited = row.cited
            claim = self.library.claims.get(cited.claim)
            text = visible(render.one_line(claim.text)) if claim else ""
            parts = [Content.assemble((visible(cited.claim), "bold"), " ", text)]
            if row.verdict == "edited":
                parts.append(Content.assemble(("Quoted, then now: ", "$text-muted"), diff_content(row.diff)))
            elif cited.quote:
                parts.append(Content.assemble(("Quoted: ", "$text-muted"), visible(cited.quote)))
            reason = refusal(row)
            hint = (
                reason.partition(": ")[2]
                if reason
                else "a accepts: the evidence follows its words; what it was stays in the file"
            )
            parts.append(Content(visible(hint)).stylize("$text-muted"))
            preview.update(Content("\n").join(parts))
        else:
            preview.update("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        row = self.rows.get(event.option.id or "")
        if isinstance(row, Verdict):
            self.dismiss(OpenEvidence(row.cited.claim, row.cited.index))
        elif isinstance(row, ParagraphChange) and row.touched:
            first = row.touched[0].cited
            self.dismiss(OpenEvidence(first.claim, first.index))

    def action_accept(self) -> None:
        row = self._highlighted()
        if not isinstance(row, Verdict):
            self.notify("Highlight a quote (the rows under a paragraph) to accept its verdict", timeout=3)
            return
        reason = refusal(row)
        if reason:
            self.notify(visible(reason), title="Nothing to accept", severity="warning", markup=False)
            return
        self._accept([(row.cited.claim, row.cited.index)])

    def action_accept_moved(self) -> None:
        chosen = [(one.cited.claim, one.cited.index) for one in self.changes.verdicts if one.verdict == "moved"]
        if not chosen:
            self.notify("No quote moved to another paragraph", timeout=3)
            return
        self._accept(chosen)

    def action_old_version(self) -> None:
        source = self.changes.source
        self.app.push_screen(VersionScreen(source.id, source.versions[-1], set(source.paragraphs)))

    @work(thread=True, exclusive=True, group="accept")
    def _accept(self, chosen: list[tuple[str, int]]) -> None:
        try:
            written, library = accept(self.library, self.paths, self.source_id, chosen, self.write)
            failure = None
        except DossierError as error:  # those before it are written: the files as they are now
            written, library, failure = [], load_library(self.paths), str(error)
        self.app.call_from_thread(self._accepted, written, library, failure)

    def _accepted(self, written: list, library: Library | None, failure: str | None) -> None:
        if failure:
            self.notify(failure, title="Not accepted", severity="error", markup=False)
        if library is not None:
            self.library, self.changes = library, source_changes(library, self.source_id)
            option = self.query_one(ViewList).highlighted_option
            self.fill(keep=option.id if option is not None else None)
        if written:
            self.notify(f"{counted(len(written), 'verdict')} accepted · u (on the claims) undoes the last", timeout=4)
            self.app.main.reload(True)  # the main screen reads the files written


class VersionScreen(ModalScreen[None]):
    """An earlier version of a source, read whole: each paragraph with its id, those the
    newest version no longer has marked."""

    BINDINGS = [Binding("escape,q,o", "dismiss(None)", "Close", id="close-version")]

    def __init__(self, source_id: str, version: Version, current: set[str]) -> None:
        super().__init__()
        self.source_id, self.version, self.current = source_id, version, current

    def compose(self):
        with Vertical(id="version-dialog", classes="dialog"):
            rows = []
            for paragraph_id, text in self.version.paragraphs:
                gone = "" if paragraph_id in self.current else "  (not in the newest version)"
                head = Content.assemble((paragraph_id, "bold"), (gone, "$text-error"))
                rows.append(Option(Content("\n").join([head, Content(visible(text))])))
            yield OptionList(*rows, id="version-list", markup=False)
            yield Footer()

    def on_mount(self) -> None:
        recorded = f", read {self.version.recorded[:10]}" if self.version.recorded else ""
        self.query_one("#version-dialog").border_title = f"{self.source_id}: version {self.version.number}{recorded}"

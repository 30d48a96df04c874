"""The library's sources in the app: every one listed (cited or not), found by typing and
sorted, opened in the source pane; and a document imported from inside the app (a path
typed with completion, or a file dropped on the terminal), shown at once, ready for `v`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..library.model import Library, Source
from ..library.problems import DossierError
from ..sources.importing import Imported, SameAddress
from ..store.files import where_written
from ..text.textsafe import counted, visible
from . import render
from .sourceview import SourceView
from .widgets import VIM_MOVES

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..versions.recording import Recorded

SORTS = ("title", "date", "cited", "paragraphs")


@dataclass(frozen=True)
class SourceRow:
    """What the list shows of a source."""

    source: Source
    cited_by: int  # claims citing one of its paragraphs

    @property
    def searched(self) -> str:
        found = self.source
        return " ".join(part for part in (found.id, found.title, found.publisher or "", *found.authors)).casefold()


def source_rows(library: Library) -> list[SourceRow]:
    citing: dict[str, set[str]] = {}
    for claim in library.claims.values():
        for evidence in claim.evidence:
            citing.setdefault(evidence.source_id, set()).add(claim.id)
    return [SourceRow(source, len(citing.get(source.id, ()))) for source in library.sources.values()]


def sorted_rows(rows: list[SourceRow], order: str) -> list[SourceRow]:
    if order == "date":
        return sorted(rows, key=lambda row: row.source.published or "", reverse=True)
    if order == "cited":
        return sorted(rows, key=lambda row: -row.cited_by)
    if order == "paragraphs":
        return sorted(rows, key=lambda row: -len(row.source.paragraphs))
    return sorted(rows, key=lambda row: row.source.title.casefold())


class SourceList(OptionList):
    BINDINGS = VIM_MOVES


# The sources list's rows are this wide at least: its header's words fit, two spaces apart.
_ROW_FIT = len("title  publisher · date  paragraphs · claims citing it")


class SourcesView(Screen[str | None]):
    """Every source of the library: title, publisher, date, paragraphs, the claims citing
    it (none: not cited yet). `/` finds sources by title, publisher, author or id; `o`
    sorts; Enter opens one in the source pane; `I` imports a document."""

    BINDINGS = [
        Binding("escape", "step_back", "Back", tooltip="Out of the box; clear what it finds; back", id="close-sources"),
        Binding("q", "dismiss", "Back", show=False, tooltip="Back to the claims", id="quit-sources"),
        # Priority, and the box focused at once: the keys typed after / are the box's.
        Binding(
            "slash",
            "find",
            "Find",
            tooltip="Find a source by title, publisher, author or id",
            priority=True,
            id="find-sources",
        ),
        Binding("o", "cycle_sort", "Sort", tooltip="Sort by title, date, citations or paragraphs", id="sort-sources"),
        Binding(
            "I",
            "import",
            "Import",
            tooltip="Import a web page, PDF, text or Markdown file",
            priority=True,  # as /: the path typed after it is the dialog's
            id="import-here",
        ),
        Binding("down", "move(1)", "Down", show=False, id="sources-down"),
        Binding("up", "move(-1)", "Up", show=False, id="sources-up"),
    ]
    AUTO_FOCUS = "#view-list"

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.rows = source_rows(library)
        # Each row's width, its parts two spaces apart: the list is as wide as its widest.
        self.needs = {row.source.id: self._row(row).cell_length for row in self.rows}
        self.order = "title"

    def compose(self):
        yield Static(id="view-title")
        yield Input(placeholder="/ finds a source by title, publisher, author or id", compact=True,
                    id="sources-query")  # fmt: skip
        yield Static(id="view-header")
        yield SourceList(id="view-list", markup=False)
        yield Static(id="view-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        """The rows laid out again for the screen's new width, the same one highlighted."""
        self.fill(self._highlighted_id())

    def _highlighted_id(self) -> str | None:
        listed = self.query_one(SourceList)
        option = listed.highlighted_option if listed.highlighted is not None else None
        return option.id if option is not None else None

    @on(Input.Changed, "#sources-query")
    def _typed(self) -> None:
        self.fill()

    def fill(self, keep: str | None = None) -> None:
        """The sources that match what is typed, the first highlighted (or `keep`, a source's id)."""
        typed = self.query_one("#sources-query", Input).value.casefold().split()
        shown = [row for row in sorted_rows(self.rows, self.order) if all(word in row.searched for word in typed)]
        uncited = sum(row.cited_by == 0 for row in self.rows)
        title = Content.assemble(
            ("Sources", "bold $text-primary"),
            (f" · {counted(len(shown), 'source')} of {len(self.rows):,} · {uncited:,} cited by no claim"
             f" · sorted by {self.order} (o)", "$text-muted"),
        )  # fmt: skip
        self.query_one("#view-title", Static).update(title)
        # As wide as the widest row (a wide terminal keeps the counts by the titles), at most the screen.
        width = min(max(20, self.app.size.width - 6), max([_ROW_FIT, *(self.needs[row.source.id] for row in shown)]))
        header = Content.assemble(("title", "bold"), ("  publisher · date", "$text-muted"))
        right = "paragraphs · claims citing it"
        self.query_one("#view-header", Static).update(
            Content.assemble(header, (" " * max(2, width - header.cell_length - len(right)), ""), (right, "bold"))
        )
        options = [Option(self._row(row, width), id=row.source.id) for row in shown]
        listed = self.query_one(SourceList)
        listed.set_options(options or [Option(Content("No source matches.").stylize("$text-muted"), disabled=True)])
        kept = next((index for index, option in enumerate(options) if option.id == keep), 0)
        listed.highlighted = kept if options else None
        self._preview()

    def _row(self, row: SourceRow, width: int = 0) -> Content:
        """The row of `row`'s source, `width` wide (0: as wide as it needs, its parts two
        spaces apart)."""
        source = row.source
        cited = f"cited by {row.cited_by}" if row.cited_by else "not cited"
        facts = " · ".join(part for part in (source.publisher, source.published) if part)
        right = f"{len(source.paragraphs):,} ¶ · {cited}"
        title = render.one_line(visible(source.title))
        line = Content.assemble((title, "bold"), ("  " if facts else "", ""), (visible(facts), "$text-muted"))
        gap = max(2, width - line.cell_length - len(right))
        if width and line.cell_length + len(right) + 2 > width:
            line = line.truncate(max(10, width - len(right) - 3), ellipsis=True)
            gap = max(2, width - line.cell_length - len(right))
        return Content.assemble(line, (" " * gap, ""), (right, "$text-muted" if row.cited_by else "$text-warning"))

    @on(OptionList.OptionHighlighted, "#view-list")
    def _preview(self) -> None:
        listed = self.query_one(SourceList)
        option = listed.highlighted_option if listed.highlighted is not None else None
        source = self.library.sources.get(option.id) if option is not None and option.id else None
        if source is None:
            self.query_one("#view-preview", Static).update("")
            return
        first = next(iter(source.paragraphs.values()), None)
        lines = [
            Content.assemble((visible(source.id), "bold"), ("  ", ""), (visible(source.location.path), "$text-muted")),
        ]
        if source.archive is not None:
            lines.append(Content(visible(f"archived: {source.archive.file} · sha256 {source.archive.sha256[:12]}…"))
                         .stylize("$text-muted"))  # fmt: skip
        if first is not None:
            lines.append(Content(visible(render.one_line(first.text))))
        self.query_one("#view-preview", Static).update(Content("\n").join(lines))

    @on(Input.Submitted, "#sources-query")
    @on(OptionList.OptionSelected, "#view-list")
    def _open(self) -> None:
        listed = self.query_one(SourceList)
        option = listed.highlighted_option if listed.highlighted is not None else None
        if option is not None and option.id:
            self.dismiss(option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("dismiss", "cycle_sort", "import", "find"):  # in the box, these keys are typed
            return not isinstance(self.focused, Input)
        return True

    def action_find(self) -> None:
        self.set_focus(self.query_one("#sources-query", Input))

    def action_step_back(self) -> None:
        box = self.query_one("#sources-query", Input)
        if self.focused is box:
            self.query_one(SourceList).focus()
        elif box.value:
            box.value = ""
        else:
            self.dismiss(None)

    def action_move(self, step: int) -> None:
        listed = self.query_one(SourceList)
        listed.action_cursor_down() if step > 0 else listed.action_cursor_up()

    async def action_import(self) -> None:
        self.dismiss(None)
        await self.app.main.action_import_source()

    def action_cycle_sort(self) -> None:
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        self.fill(self._highlighted_id())  # the source it was on stays highlighted, where it now stands


class PathSuggester(Suggester):
    """Completes a path as a shell does (the one name its folder has that begins so)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        from ..sources.importing import completed

        return completed(value) if value else None


class ImportScreen(ModalScreen["Imported | Recorded | None"]):
    """A document to import: its path (completed as typed, → takes the completion), Enter
    imports it into the library's sources folder, its original archived beside it; what
    stops it is said here, the path kept. With `update`, the document is recorded as the
    newest version of that source instead; a page at the address of a source the library
    has is offered so. Closes with what was imported or recorded; `written` is told the
    file written the moment it is, from the importing thread."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="import-cancel")]
    AUTO_FOCUS = "#import-path"

    def __init__(
        self,
        folder: str,
        library: Library,
        path: str = "",
        update: str | None = None,
        written: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.folder, self.library, self.path, self.update = folder, library, path, update
        self.written = written
        self.force = False  # another article: recorded as a version when Enter is pressed again

    def compose(self):
        with Vertical(id="import-dialog", classes="dialog"):
            with Vertical(id="import-foot", classes="dialog-hint"):
                yield Static("", id="import-problem", classes="form-note")
                hint = "Enter: import · →: take the completion · Esc: cancel"
                yield Static(Content(hint).stylize("$text-muted"))
            yield Static(self._about(), id="import-about")
            yield Input(value=self.path, placeholder="the file's path", suggester=PathSuggester(), compact=True,
                        id="import-path")  # fmt: skip

    def _about(self) -> Content:
        if self.update:
            source = self.library.sources[self.update]
            return Content.assemble(
                "A new version of ", (visible(self.update), "bold"), f", recorded as version {source.version + 1}: its "
                "paragraphs aligned with the current ones, the current version kept in its file. No dossier file "
                "changes; C then shows what became of each quote.",
            )  # fmt: skip
        return Content.assemble(
            "A saved web page, a PDF, an e-mail (.eml), a text or Markdown file, read into a source in ",
            (visible(where_written(self.folder)), "bold"), ", its original archived beside it.",
        )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#import-dialog").border_title = "A new version" if self.update else "Import a document"

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            return
        self.query_one("#import-problem", Static).update(Content("Importing…").stylize("$text-muted"))
        self._import(path)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str) -> None:
        from ..sources.importing import Given, import_one, read_input, sources_by_address, typed_path
        from ..versions.recording import AnotherArticle, Recorded, record_version

        try:
            path = typed_path(path)
            data = read_input(path, None)
            if self.update:
                done = record_version(self.library, self.update, data, path, force=self.force)
            else:
                taken = set(self.library.sources)
                known = sources_by_address(self.library)
                done = import_one(data, path, Given(), self.folder + os.sep, False, taken, addresses=known)
        except SameAddress as same:
            self.app.call_from_thread(self._offer_version, same)
            return
        except AnotherArticle as another:
            self.force = True
            message = str(another).partition(": it looks like")[0]
            asked = f"{message}: it looks like another article. Enter records it all the same; Esc cancels."
            self.app.call_from_thread(self._problem, asked)
            return
        except DossierError as error:
            self.app.call_from_thread(self._problem, str(error))
            return
        if self.written is not None and done.path and not (isinstance(done, Recorded) and done.identical):
            # Told here, at once: the system's notice of the write may come before the
            # screen below hears of it, and would read the file a second time.
            self.written(done.path)
        self.app.call_from_thread(self.dismiss, done)

    def _offer_version(self, same: SameAddress) -> None:
        """The page is at the address of a source the library has: Enter records it as a
        new version of that source (never, silently, a second source)."""
        self.update = same.source_id
        self.query_one("#import-dialog").border_title = "A new version"
        self.query_one("#import-about", Static).update(self._about())
        self._problem(f"{same}. Enter records it as a new version of {same.source_id}; Esc cancels.")

    def _problem(self, message: str) -> None:
        self.query_one("#import-problem", Static).update(Content(visible(message)).stylize("$text-error"))


class Sources:
    """Mixed into MainScreen: the sources list, and importing."""

    async def action_sources(self) -> None:
        if self._still_reading():
            return

        def chosen(source_id: str | None) -> None:
            if source_id:
                self.go_to(source_id)

        await self.app.open_screen(SourcesView(self.library), chosen)

    async def on_paste(self, event: events.Paste) -> None:
        """A file dropped on the terminal (or its path pasted) over the main screen: offered
        for import, in the import dialog with its path filled in."""
        from ..sources.importing import dropped_path

        path = dropped_path(event.text)
        if path is not None and len(self.app.screen_stack) == 1:
            event.stop()
            await self.action_import_source(path)

    async def action_import_source(self, path: str = "") -> None:
        from ..sources.importing import sources_folder

        if self._still_reading() or not self._writable():
            return
        try:
            folder = sources_folder(self.library, self.paths)
        except DossierError as error:
            self.notify(str(error), title="Cannot import", severity="error", markup=False)
            return

        await self.app.open_screen(ImportScreen(folder, self.library, path, written=self.live.wrote), self._imported)

    def _imported(self, found: Imported | Recorded | None) -> None:
        from ..versions.recording import Recorded

        if isinstance(found, Recorded):
            severity = "information" if found.identical else "warning"
            self.notify(render.visible(found.describe()), title="A new version", severity=severity, markup=False)
            if not found.identical:
                self._changes_after = found.source_id
                self._read_again(found.path)
        elif found is not None and found.path is not None:
            said = f"Imported {found.source_id} into {render.visible(found.path)} · v selects words to quote"
            if found.caution:
                said += f" · Note: {found.caution}"
            self.notify(said, title="Imported", timeout=10 if found.caution else 6, markup=False,
                        severity="warning" if found.caution else "information")  # fmt: skip
            self._go_after = found.source_id
            self._read_again(found.path)

    def _source_shown(self) -> Source | None:
        """The source the source pane shows (None: none)."""
        shown = self.query_one(SourceView).source
        return self.library.sources.get(shown.id) if shown is not None else None

    async def action_update_source(self) -> None:
        source = self._source_shown()
        if self._still_reading() or not self._writable():
            return
        if source is None:
            self.notify("Open a source first (S lists them): U imports a new version of it", timeout=3)
            return
        folder = os.path.dirname(source.location.path)
        screen = ImportScreen(folder, self.library, update=source.id, written=self.live.wrote)
        await self.app.open_screen(screen, self._imported)

    def action_changes(self, source_id: str | None = None) -> None:
        """The changes view of the source shown (else the first with versions)."""
        from ..versions.changes import versioned
        from .changes import ChangesView, OpenEvidence

        if self._still_reading():
            return
        shown = self.library.sources.get(source_id or "") or self._source_shown()
        if shown is None or not shown.versions:
            others = versioned(self.library)
            if not others:
                self.notify("No source has a newer version: U imports one for the source shown", timeout=4)
                return
            shown = others[0]

        def chosen(picked: OpenEvidence | None) -> None:
            if picked is not None:
                self.open_claim(picked.claim_id, evidence=picked.index, reveal=True)

        self.app.push_screen(ChangesView(self.library, shown.id, self.paths, self.live.write), chosen)

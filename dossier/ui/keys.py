"""The main screen's keys and the app's, each with an id so that a keymap can change it.

What the footer shows is kept to what fits at 80 columns: search, keys, zoom and quit, and
the focused pane's own; `?` lists every key, read from these bindings."""

from __future__ import annotations

from textual.binding import Binding

from ..env.config import Config
from ..library.problems import Problem
from ..text.suggest import closest

MAIN_KEYS = [
    # Priority: taken as it arrives, so that the keys typed after it go to the search box
    # (else they are handed to the pane before `/` comes back to the app as a binding).
    # So too the keys that open a dialog or a list (S, I, U): what is typed next is its.
    Binding(
        "slash",
        "search",
        "Search",
        tooltip="Search: the box takes what you type, from any pane",
        priority=True,
        id="search",
    ),
    Binding("question_mark", "help", "Keys", tooltip="Show every key", id="help"),
    Binding("plus", "zoom", "Zoom", tooltip="Zoom the pane to the whole screen, or back (Esc too)", id="zoom"),
    Binding(
        "escape",
        "unzoom",
        "Unzoom",
        tooltip="Step back: out of the zoom, a find, the search box or a pane to the list; "
        "in the list, clear the query",
        show=False,
        priority=True,  # only while zoomed (see the app's check_action); else the pane's own Esc
        id="unzoom",
    ),
    Binding(
        "right_square_bracket",
        "evidence(1)",
        "Evidence",
        tooltip="Next piece of evidence",
        show=False,
        id="next-evidence",
    ),
    Binding(
        "left_square_bracket",
        "evidence(-1)",
        "Previous evidence",
        tooltip="Previous piece of evidence",
        show=False,
        id="previous-evidence",
    ),
    Binding(
        "b,backspace", "back", "Back", tooltip="Back to the claim or paragraph visited before", show=False, id="back"
    ),
    Binding("f", "forward", "Forward", tooltip="Forward again after going back", show=False, id="forward"),
    Binding(
        "y",
        "copy",
        "Copy",
        tooltip="Copy a citation of the claim (or paragraph) to the clipboard",
        show=False,
        id="copy",
    ),
    Binding("e", "edit", "Edit", tooltip="Open its YAML file in $EDITOR at its line", show=False, id="edit"),
    Binding(
        "c",
        "change_claim",
        "Change",
        tooltip="Change the claim's fields in a form (its text, speaker, status, relations, figure…)",
        show=False,
        id="change-claim",
    ),
    Binding(
        "D", "remove_claim", "Remove claim", tooltip="Remove the claim (asks first)", show=False, id="remove-claim"
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="Undo the last write of this session, byte for byte (then the one before)",
        show=False,
        id="undo",
    ),
    Binding(
        "ctrl+t",
        "toggle_scope",
        "Scope",
        tooltip="Search claims, or claims and source paragraphs",
        priority=True,
        show=False,
        id="toggle-scope",
    ),
    Binding("p", "problems", "Problems", tooltip="List the problems found in the library", show=False, id="problems"),
    Binding("F", "filter_menu", "Filter", tooltip="Filter by dossier, status, tag or speaker", show=False, id="filter"),
    Binding(
        "1",
        "single_source",
        "One source",
        tooltip="Only the claims that rest on one source (again: all)",
        show=False,
        id="single-source",
    ),
    Binding(
        "o",
        "cycle_order",
        "Sort",
        tooltip="Sort the claims: most sources first, fewest first, best match",
        show=False,
        id="sort",
    ),
    Binding("x", "clear_filters", "Clear filters", tooltip="Clear every filter and the sort", show=False, id="clear"),
    Binding(
        "number_sign",
        "view('figures')",
        "Figures",
        tooltip="Figures: side by side, by what they count",
        show=False,
        id="figures",
    ),
    Binding(
        "t",
        "view('timeline')",
        "Timeline",
        tooltip="Timeline: claims by date, across dossiers",
        show=False,
        id="timeline",
    ),
    Binding(
        "s",
        "view('speakers')",
        "Speakers",
        tooltip="Speakers: every speaker and relay; Enter filters by one",
        show=False,
        id="speakers",
    ),
    Binding(
        "r",
        "view('relations')",
        "Relations",
        tooltip="Relations: what updates, contradicts or supports what",
        show=False,
        id="relations",
    ),
    Binding(
        "equals_sign",
        "view('glossary')",
        "Glossary",
        tooltip="Glossary: the words search takes for one another",
        show=False,
        id="glossary",
    ),
    Binding(
        "S",
        "sources",
        "Sources",
        tooltip="Sources: every source of the library, cited or not; Enter opens one",
        show=False,
        priority=True,
        id="sources",
    ),
    Binding(
        "I",
        "import_source",
        "Import",
        tooltip="Import a web page, PDF, text or Markdown file as a source (or paste its path)",
        show=False,
        priority=True,
        id="import",
    ),
    Binding(
        "C",
        "changes",
        "Changes",
        tooltip="What changed in the newest version of the source shown, and what became of each quote",
        show=False,
        id="changes",
    ),
    Binding(
        "U",
        "update_source",
        "New version",
        tooltip="Import a new version of the source shown (a web page, PDF, text or Markdown file)",
        show=False,
        priority=True,
        id="update-source",
    ),
    Binding("q", "leave", "Quit", tooltip="Quit (Ctrl+C or Ctrl+Q anywhere)", show=False, id="quit"),
]

# The priority keys that a box taking text (the search, the source's find) gets typed instead.
TYPED_IN_A_BOX = ("search", "sources", "import_source", "update_source")

# The app's own keys: they work over every screen, a view, a dialog or a form included.
APP_KEYS = [
    Binding("ctrl+c", "quit", "Quit", tooltip="Quit, from anywhere", priority=True, id="quit-anywhere"),
    Binding(
        "ctrl+z",
        "suspend_process",
        "Suspend",
        tooltip="Suspend to the shell, as any terminal program (fg returns)",
        show=False,
        priority=True,
        id="suspend",
    ),
]


# The keys of the analyst views and filters, and of the sources, listed apart in the help.
SOURCE_KEYS = ("sources", "import", "changes", "update-source")
ANALYST_KEYS = ("filter", "single-source", "sort", "clear", "figures", "timeline", "speakers", "relations", "glossary")


def keymap_bindings() -> dict[str, Binding]:
    """Every binding a [keymap] can change, by id: the main screen's and the app's, then those of every
    class of every module of the app (panes, views, dialogs, forms), a new one included."""
    import importlib
    import pkgutil

    from .. import ui

    found = {binding.id: binding for binding in [*MAIN_KEYS, *APP_KEYS] if binding.id}
    names = sorted(info.name for info in pkgutil.iter_modules(ui.__path__, f"{ui.__name__}."))
    for module in (importlib.import_module(name) for name in names):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for binding in getattr(value, "BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        found.setdefault(binding.id, binding)
    return found


def binding_keys(keymap: dict[str, str]) -> dict[str, str]:
    """Each binding id with its keys: `keymap`'s where it sets them, else the default."""
    return {key: keymap.get(key, binding.key) for key, binding in keymap_bindings().items()}


def keymap_problems(config: Config, known: dict[str, Binding] | None = None) -> list[Problem]:
    """A [keymap] line naming no binding (of `known`, by default keymap_bindings()),
    with the binding it may have meant."""
    known = keymap_bindings() if known is None else known
    problems = []
    for binding in config.keymap:
        if binding not in known:
            close = closest(binding, list(known), 1)
            hint = f"; did you mean {close[0]}?" if close else " ('dossier config' lists them)"
            line = config.keymap_lines.get(binding, 1)
            problems.append(Problem(str(config.path), line, 1, f"[keymap]: no binding {binding!r}{hint}"))
    return problems

"""The reader's config.toml in the app: its theme and keymap applied at start, its
mistakes named, and a theme chosen in the palette kept for the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

from ..env.config import Config
from ..library.problems import DossierError, Problem
from ..write.settings import keep_theme
from .keys import keymap_bindings, keymap_problems

if TYPE_CHECKING:
    from textual.app import App


def apply(app: App, config: Config, themeable: bool) -> list[Problem]:
    """Set the config's theme (unless `themeable` is false: NO_COLOR) and keymap; the
    mistakes found, for the reader to see. From then on, a theme the reader picks is kept."""
    problems = list(config.problems)
    if config.theme and themeable:
        if config.theme in app.available_themes:
            app.theme = config.theme
        else:
            known = ", ".join(sorted(app.available_themes))
            problems.append(Problem(str(config.path), 1, 1, f"no theme {config.theme!r} (the themes: {known})"))
    known = keymap_bindings()
    problems += keymap_problems(config, known)
    keymap = {binding: keys for binding, keys in config.keymap.items() if binding in known}
    if keymap:
        app.set_keymap(keymap)
    if themeable:
        app.theme_changed_signal.subscribe(app, lambda theme: _keep(app, config, theme))
    return problems


def _keep(app: App, config: Config, theme: Theme) -> None:
    if theme.name == config.theme:
        return
    try:
        keep_theme(config.path, theme.name)
    except DossierError as error:
        app.notify(str(error), title="Theme not kept", severity="warning", markup=False)
        return
    config.theme = theme.name
    app.notify(f"Theme {theme.name} kept in {config.path}", timeout=3, markup=False)


def describe(problems: list[Problem]) -> str:
    lines = [str(problem) for problem in problems[:5]]
    if len(problems) > 5:
        lines.append(f"and {len(problems) - 5} more ('dossier config' lists them)")
    return "\n".join(lines) + "\nThose settings are at their defaults."

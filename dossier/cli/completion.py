"""`dossier completion bash|zsh|fish`: scripts made from the parser, so that they know
every command and option; the ids of the library you are in come from `dossier
completion ids`, run as you press Tab (the cache makes it quick)."""

from __future__ import annotations

import argparse
from collections import namedtuple

from .parser import subparsers, subparsers_action

# The arguments that name an id of the library (the rest are paths, or free text).
ID_ARGUMENTS = {"open": "id", "show": "id"}


# (namedtuple rather than dataclass: dataclasses costs completion's start a third of its time)
Option = namedtuple("Option", "names help choices takes_value")
# ids: its positional is an id of the library; positional_choices: `completion SHELL`, `help COMMAND`
Command = namedtuple("Command", "name help options ids positional_choices")


def describe(parser: argparse.ArgumentParser) -> list[Command]:
    helps = {action.dest: action.help for action in subparsers_action(parser)._choices_actions}
    commands = []
    for name, sub in subparsers(parser).items():
        options, choices = [], None
        for action in sub._actions:
            if action.option_strings:
                options.append(
                    Option(
                        list(action.option_strings),
                        (action.help or "").replace("%%", "%"),
                        [str(choice) for choice in action.choices] if action.choices else None,
                        action.nargs != 0,
                    )
                )
            elif action.choices and choices is None:
                choices = [str(choice) for choice in action.choices]
        if name == "help":
            choices = list(subparsers(parser))
        commands.append(Command(name, helps.get(name) or "", options, name in ID_ARGUMENTS, choices))
    return commands


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    commands = describe(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](commands)


def _words(items: list[str]) -> str:
    return " ".join(items)


def _valued(commands: list[Command]) -> list[str]:
    return sorted(
        {name for command in commands for option in command.options if option.takes_value for name in option.names}
    )


def _bash(commands: list[Command]) -> str:
    cases = []
    for command in commands:
        options = _words([name for option in command.options for name in option.names])
        if command.ids:
            rest = 'COMPREPLY=($(compgen -W "$(dossier completion ids 2>/dev/null)" -- "$cur"))'
        elif command.positional_choices:
            rest = f'COMPREPLY=($(compgen -W "{_words(command.positional_choices)}" -- "$cur"))'
        else:
            rest = "compopt -o default; COMPREPLY=()"
        cases.append(
            f"        {command.name})\n"
            f'            if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "{options}" -- "$cur"))\n'
            f"            else {rest}; fi ;;"
        )
    choices = []
    for command in commands:
        for option in command.options:
            if option.choices:
                choices.append(
                    f"        {'|'.join(f'{command.name}:{name}' for name in option.names)}) "
                    f'COMPREPLY=($(compgen -W "{_words(option.choices)}" -- "$cur")); return ;;'
                )
    return f"""\
# bash completion for dossier: eval "$(dossier completion bash)" in ~/.bashrc
_dossier() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" i word skip=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if [[ -n "$skip" ]]; then skip=""; continue; fi
        case "$word" in
            {"|".join(_valued(commands))}) skip=1 ;;
            -*) ;;
            *) command="$word"; break ;;
        esac
    done
    case "$command:$prev" in
{chr(10).join(choices)}
        *:--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    esac
    case "$command" in
        "")
            if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--help --version --debug --color" -- "$cur"))
            else compopt -o default; COMPREPLY=($(compgen -W "{_words([c.name for c in commands])}" -- "$cur")); fi ;;
{chr(10).join(cases)}
    esac
}}
complete -F _dossier dossier
"""


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh(commands: list[Command]) -> str:
    described = "\n".join(f"        {_zsh_quote(f'{c.name}:{c.help}')}" for c in commands)
    cases = []
    for command in commands:
        specs = []
        for option in command.options:
            help_text = option.help.replace("[", "(").replace("]", ")").replace(":", ";")
            value = ""
            if option.takes_value:
                value = f":value:({' '.join(option.choices)})" if option.choices else ":value:_files"
            names = option.names
            if len(names) > 1:
                spec = f"'({' '.join(names)})'{{{','.join(names)}}}'[{help_text}]{value}'"
            else:
                spec = _zsh_quote(f"{names[0]}[{help_text}]{value}")
            specs.append(spec)
        if command.ids:
            specs.append("'*:id:_dossier_ids'")
        elif command.positional_choices:
            specs.append(_zsh_quote(f"1:what:({' '.join(command.positional_choices)})"))
            specs.append("'*:path:_files'")
        else:
            specs.append("'*:path:_files'")
        joined = " \\\n                ".join(specs)
        cases.append(f"        {command.name})\n            _arguments -s \\\n                {joined} ;;")
    return f"""\
#compdef dossier
# zsh completion for dossier: dossier completion zsh > "${{fpath[1]}}/_dossier", then restart zsh
_dossier_ids() {{
    local -a ids
    ids=(${{(f)"$(dossier completion ids 2>/dev/null)"}})
    compadd -a ids
}}

_dossier() {{
    local -a commands
    commands=(
{described}
    )
    if (( CURRENT == 2 )); then
        _describe 'command' commands
        _files
        return
    fi
    local command=$words[2]
    shift words
    (( CURRENT-- ))
    case $command in
{chr(10).join(cases)}
    esac
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _dossier "$@"
else
    compdef _dossier dossier
fi
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands)
    lines = [
        "# fish completion for dossier: dossier completion fish > ~/.config/fish/completions/dossier.fish",
        "complete -c dossier -f",
        f"complete -c dossier -n 'not __fish_seen_subcommand_from {names}' -F",
    ]
    for command in commands:
        lines.append(
            f"complete -c dossier -n 'not __fish_seen_subcommand_from {names}' "
            f"-a {command.name} -d {_fish_quote(command.help)}"
        )
    for command in commands:
        when = f"-n '__fish_seen_subcommand_from {command.name}'"
        for option in command.options:
            flags = []
            for name in option.names:
                flags.append(f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}")
            value = ""
            if option.takes_value:
                value = f" -x -a {_fish_quote(' '.join(option.choices))}" if option.choices else " -r -F"
            lines.append(f"complete -c dossier {when} {' '.join(flags)}{value} -d {_fish_quote(option.help)}")
        if command.ids:
            lines.append(f"complete -c dossier {when} -a '(dossier completion ids 2>/dev/null)'")
        elif command.positional_choices:
            lines.append(f"complete -c dossier {when} -a {_fish_quote(' '.join(command.positional_choices))}")
        else:
            lines.append(f"complete -c dossier {when} -F")
    return "\n".join(lines) + "\n"

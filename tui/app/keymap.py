"""The keys a binding has now, for the help text that names them.

The footer follows the user's keymap by itself (``[keys]`` in config.toml,
applied with ``App.set_keymap``); a sentence such as "press space to carry
on" asks :func:`key_name` instead of naming the key, so it follows it too.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding
from textual.dom import DOMNode

#: How the help text names keys whose footer sign reads badly in a sentence.
_PROSE_NAMES = {"enter": "Enter", "escape": "Esc", "space": "space", "tab": "Tab"}


def _keys(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


def _user_keymap(node: DOMNode) -> Mapping[str, str]:
    # Textual keeps what set_keymap was given (normalised) here; it has no public getter.
    return node.app._keymap


def _bindings(node: DOMNode) -> list[Binding]:
    """The bindings declared on ``node``'s class and its bases, with ids, nearest first."""
    return [
        binding
        for cls in type(node).__mro__
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.id is not None
    ]


def bound_keys(node: DOMNode, binding_id: str) -> list[str]:
    """Every key bound to ``binding_id`` on ``node``, the user's keymap applied, first first."""
    user = _user_keymap(node).get(binding_id)
    if user:
        return _keys(user)
    for binding in _bindings(node):
        if binding.id == binding_id:
            return _keys(binding.key)
    return []


def taken_keys(node: DOMNode) -> list[tuple[str, str, str]]:
    """The keys the user's keymap gives one of ``node``'s bindings that another had by default.

    Each is (key, the binding id given it, the binding id that lost it);
    the key then does what the keymap says and no longer what it did.
    """
    keymap = _user_keymap(node)
    owners: dict[str, str] = {}
    ids: set[str] = set()
    for binding in reversed(_bindings(node)):
        assert binding.id is not None  # _bindings keeps those with an id
        ids.add(binding.id)
        if binding.id not in keymap:
            owners.update(dict.fromkeys(_keys(binding.key), binding.id))
    return [
        (key, binding_id, owners[key])
        for binding_id in sorted(ids & keymap.keys())
        for key in _keys(keymap[binding_id])
        if owners.get(key, binding_id) != binding_id
    ]


def key_name(node: DOMNode, binding_id: str, index: int = 0) -> str:
    """The ``index``-th key of ``binding_id`` as a sentence names it ("p", "Enter", "^t").

    An empty string when the binding has no such key (the sentence then leaves it out).
    """
    keys = bound_keys(node, binding_id)
    if index >= len(keys):
        return ""
    key = keys[index]
    return _PROSE_NAMES.get(key) or node.app.get_key_display(Binding(key, ""))

"""`{% extends %}` as Django's own, with the root template's blocks found once per compiled template.

Django's `ExtendsNode.render` walks the whole node tree of the template at the top of the chain (base.html for every
page) on every render to list its `{% block %}`s: ~250 function calls a page for a list that never changes while the
compiled template lives (the cached loader keeps it; a reloaded template is a new object). Registered as a template
builtin (config/settings.py), so every `{% extends %}` of the Django engine gets it; the rest is Django's code,
unchanged (issue 22, the signed-in chrome).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Template, TextNode
from django.template.context import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends
from django.utils.safestring import SafeString

register = template.Library()
_NOT_YET = object()


def _root_blocks(parent: Template) -> dict[str, Any] | None:
    """The blocks of `parent` if it is the root of the chain (its first non-text node is not an `{% extends %}`)."""
    for node in parent.nodelist:
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                return {n.name: n for n in parent.nodelist.get_nodes_by_type(BlockNode)}  # type: ignore[attr-defined]
            return None
    return None


class PraxisExtendsNode(ExtendsNode):
    def render(self, context: Context) -> SafeString:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        root: Any = compiled_parent.__dict__.get("_praxis_root_blocks", _NOT_YET)
        if root is _NOT_YET:
            root = compiled_parent._praxis_root_blocks = _root_blocks(compiled_parent)  # type: ignore[attr-defined]
        if root is not None:
            block_context.add_blocks(root)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)  # type: ignore[attr-defined]


@register.tag("extends")
def extends(parser: Any, token: Any) -> ExtendsNode:
    node = do_extends(parser, token)
    node.__class__ = PraxisExtendsNode
    return node

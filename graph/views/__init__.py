"""Network views: self-contained pyvis HTML (and static figures in :mod:`graph.views.figures`).
Functions return pages (HTML text) and figures; the caller writes them."""

from diplograph.graph.views.html import (
    VIEW_KINDS,
    ego_view,
    find_node,
    full_view,
    person_view,
    render_html,
    state_view,
)

__all__ = [
    "VIEW_KINDS",
    "ego_view",
    "find_node",
    "full_view",
    "person_view",
    "render_html",
    "state_view",
]

"""Network views: self-contained pyvis HTML (and static figures in :mod:`graph.views.figures`)."""

from diplograph.graph.views.html import (
    VIEW_KINDS,
    ego_view,
    full_view,
    person_view,
    render_html,
    state_view,
    write_view,
)

__all__ = [
    "VIEW_KINDS",
    "ego_view",
    "full_view",
    "person_view",
    "render_html",
    "state_view",
    "write_view",
]

"""The theme's frame of gongyue's pages, asked of MkDocs once per depth (see chrome.py)."""

from __future__ import annotations

from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as EnginePage

from gongyue.adapters.files import generated
from gongyue.publish import themed
from gongyue.publish.chrome import TITLE, Frame, Probe, frame_from_probes


class FrameMaker:
    """Renders probe pages through MkDocs' own context and the theme's environment.

    No plugin event runs for a probe: it is not a page of the site, and other
    plugins must not index or rewrite it."""

    def __init__(self, config: Any, env: Any, nav: Any, files: Files | None) -> None:
        self.config, self.env, self.nav = config, env, nav
        self.files = files if files is not None else Files([])
        self.made: dict[tuple[int, bool], Frame] = {}

    def frames(self, pages: list[Any], companions: Any, fast: bool) -> themed.Frames:
        """Every frame the pages need; FrameError when the theme's cannot be shared."""
        own, twins = themed.frame_depths(pages, companions, fast)
        return themed.Frames(
            {d: self.frame(d) for d in sorted(own)},
            {
                d: themed.traditional_frame(self.frame(d, True), companions.variant, d)
                for d in sorted(twins)
            },
        )

    def frame(self, depth: int, hant: bool = False) -> Frame:
        """The frame at ``depth`` two probes agree on (``hant``: for a Traditional twin),
        rendered once a build: the charters' pages and the unit pages' keys both ask."""
        if (depth, hant) not in self.made:
            a, b = ((self.render(p, hant), p) for p in (Probe("a", depth), Probe("b", depth)))
            self.made[depth, hant] = frame_from_probes(a, b)
        return self.made[depth, hant]

    def render(self, probe: Probe, hant: bool) -> str:
        page = EnginePage(None, generated(self.config, probe.url + "index.md", ""), self.config)
        page.read_source(self.config)
        page.render(self.config, self.files)
        page.meta = {"template": themed.FRAME, "title": probe.marks[TITLE]}
        context: dict[str, Any] = dict(get_context(self.nav, self.files, self.config, page))
        context.update(gy_probe=probe.marks, gy_hant=hant)
        return str(self.env.get_template(themed.FRAME).render(context))

"""The pages gongyue makes beside MkDocs: charter pages, Traditional twins, posters."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from gongyue.adapters.fontconfig import unavailable as pdf_unavailable
from gongyue.adapters.frames import FrameMaker
from gongyue.publish import pages as gp
from gongyue.publish import themed
from gongyue.publish.chrome import FrameError
from gongyue.publish.companion_writer import Writer
from gongyue.publish.companions import Companions
from gongyue.publish.host import host_of
from gongyue.publish.posters import pdf_jobs

log = logging.getLogger("mkdocs.plugins.gongyue")


def start_making(
    config: Any,
    env: Any,
    maker: FrameMaker,
    pages: list[gp.Page],
    companions: Companions,
    fast: bool,
    method: str,
    background: bool,
) -> tuple[Writer, list[str]]:
    """Start making them (in helpers while MkDocs renders, when ``background``); the writer
    and the output files among them that search indexes. FrameError when the theme's
    frame cannot be shared and ``fast`` asks for it."""
    if companions.pdf and pdf_unavailable():
        log.warning(pdf_unavailable())
        companions = replace(companions, pdf=False)
    try:
        frames: themed.Frames | None = maker.frames(pages, companions, fast)
    except FrameError as error:
        if fast:
            raise  # the plugin stops the build with it
        log.info("繁体页使用简单版式：%s", error)
        frames = None
    twins = frozenset(p.url for p in pages if p.has_traditional_twin)
    host = host_of(config.repo_url, config.edit_uri)
    setup = themed.Setup(tuple(config.theme.dirs), config.site_url or "", companions, twins, host)
    jobs = themed.jobs(pages, frames, setup, config.site_name, fast and frames is not None)
    site_dir = Path(config.site_dir)
    writer = Writer(jobs, site_dir, background, pdf_jobs(pages, companions), method)
    return writer, themed.indexed(pages, companions, fast)


def finish_making(writer: Writer | None) -> None:
    """Help with what is left and wait; RuntimeError (one Chinese line) when anything failed."""
    if writer is None:
        return
    try:
        writer.wait()
    except RuntimeError as error:
        raise RuntimeError(f"公约页面、文书和繁体对照表没有全部写出。{error}") from None

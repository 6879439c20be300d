"""Writing the companion pages while the engine works: a helper process and this one.

The site engine renders its pages on one core; the companions need nothing
from it, so a second process makes them meanwhile (``companion_process``
says how it starts), and the engine's own process joins in on what is left
once it is done. Both take jobs from one shared counter; each job's file is
the same whoever writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from gongyue.publish import companion_process
from gongyue.publish.companions import GroupJob, Job, Output, write_all
from gongyue.publish.posters import PdfJob, write_pdfs
from gongyue.publish.traditional import ConversionError

BATCH = 16  # jobs claimed at a time from the shared counter


def cannot_write(error: OSError, site_dir: Path) -> str:
    return (
        f"错误：无法写入 {error.filename or site_dir}（{error.strerror or error}）。"
        "修改建议：检查输出文件夹是否可写、磁盘是否已满，再重新生成。"
    )


def failure(error: BaseException, site_dir: Path) -> str:
    """What went wrong while making companion pages, in one Chinese line."""
    if isinstance(error, OSError):
        return cannot_write(error, site_dir)
    if isinstance(error, KeyboardInterrupt):
        return "已中断：公约页面、文书和繁体对照表没有写完。"
    if isinstance(error, ConversionError):
        return str(error)
    reason = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    return f"错误：生成公约页面、文书或繁体对照表时出错（{reason}）。修改建议：重新生成；仍然出错请报告这一行。"


def _work(jobs: Sequence[Job | GroupJob], claimed: Any, site_dir: Path) -> None:
    """Make and write jobs until none is left, claiming them a batch at a time."""
    batch = max(1, min(BATCH, len(jobs) // 64))  # small claims when the jobs are few
    while True:
        with claimed.get_lock():
            start = claimed.value
            claimed.value = start + batch
        if start >= len(jobs):
            return
        write_all(_outputs(jobs[start : start + batch]), site_dir)


def _outputs(jobs: Iterable[Job | GroupJob]) -> Iterator[Output]:
    for job in jobs:
        made = job()
        yield from [made] if isinstance(made, Output) else made


class Writer:
    """Writes the companion pages, with a helper process when ``background`` is set."""

    def __init__(
        self,
        jobs: Sequence[Job | GroupJob],
        site_dir: Path,
        background: bool,
        pdfs: Iterable[PdfJob] = (),
        method: str = companion_process.AUTO,
    ) -> None:
        self.jobs, self.site_dir, self.pdfs, self.asked = jobs, site_dir, pdfs, method
        chosen = (
            companion_process.choose(method, len(jobs))
            if background and jobs
            else companion_process.NONE
        )
        self.claimed = companion_process.counter(chosen)
        self.helper = companion_process.Helper(chosen, _work, partial(failure, site_dir=site_dir))
        self.helper.start(jobs, self.claimed, site_dir)

    def wait(self) -> None:
        """Help with what is left, then make the PDFs: they read the stylesheets, which
        the engine copies meanwhile. RuntimeError (one Chinese line) when anything failed;
        the helper is then stopped and this process as it was."""
        try:
            _work(self.jobs, self.claimed, self.site_dir)
            code = self.helper.join()
            if code != 0:
                raise RuntimeError(
                    "错误：写入公约页面、文书和繁体对照表的进程没有正常结束"
                    f"（{'超时' if code == -1 else f'退出码 {code}'}），原因见上一行。"
                )
            write_pdfs(self.pdfs, self.site_dir, self.asked)
        except (RuntimeError, KeyboardInterrupt):
            raise
        except Exception as error:
            raise RuntimeError(failure(error, self.site_dir)) from None
        finally:
            self.helper.stop()

    def stop(self) -> None:
        self.helper.stop()

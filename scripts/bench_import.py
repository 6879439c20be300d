"""Issue 27's target: a 300-article .docx imported in under 2 s. The Word file is written
part by part as Word writes one (articles numbered 第%1条 by Word's lists, three items on
the second level in every tenth article); the best of five imports is printed."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.wordfiles import WordFile, para  # noqa: E402

from gongyue.procedure.importing.wordfile import read_docx  # noqa: E402
from gongyue.text.articles import parse  # noqa: E402


def word(articles: int) -> WordFile:
    body = [para("测试社区居民公约")]
    for n in range(1, articles + 1):
        body.append(
            para(f"第{n}条的内容，居民应当遵守本公约的规定，爱护公共环境，互相帮助。", num="1")
        )
        if n % 10 == 0:
            body += [para(f"第{k}项；", num="1", ilvl=1) for k in range(1, 4)]
    return WordFile(body)


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        path = word(articles).write(Path(folder) / "公约.docx")
        times = []
        for _ in range(5):
            start = time.perf_counter()
            read = read_docx(path)
            found = parse("\n".join(read.lines))
            times.append(time.perf_counter() - start)
    print("| 条文 | 读出的条 | 导入（读 Word 文件 + 解析），五次中最快 |")
    print("|---:|---:|---:|")
    print(f"| {articles} | {len(found.articles)} | {min(times):.2f} s |")


if __name__ == "__main__":
    main()

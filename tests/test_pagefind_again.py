"""Pagefind run again over the last index (adapters/pagefind_again.py), with the real Pagefind.

Sites of a few small pages, changed at random: the index made over the last
one, keeping the fragments of unchanged pages, is byte for byte the index
made afresh, and those fragments are the very files (same inode, size and mtime). A kept
fragment under the name a changed page's new fragment gets — what a name
collision would do — is caught and the index made afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.adapters import pagefind_again
from gongyue.adapters.pagefind import build_search_index
from gongyue.adapters.pagefind_again import FRAGMENTS, SUFFIX, index_again
from gongyue.publish.search import Reuse
from gongyue.publish.whole_site import status_of

from .test_engines import _index_files

WORDS = ["电动自行车", "楼道", "充电", "养犬", "垃圾分类", "停车", "噪音", "公共绿地", "装修"]


def page_html(title: str, words: list[str]) -> str:
    body = "，".join(words) or "（空）"
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><main data-pagefind-body>"
        f"<h1>{title}</h1><p>{body}。</p></main></body></html>"
    )


def write_site(site: Path, pages: dict[str, str]) -> list[str]:
    shutil.rmtree(site, ignore_errors=True)
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    return sorted(pages)


def fragment_statuses(index: Path) -> dict[str, list[int]]:
    """Not inodes alone: a file written afresh may get an inode just freed."""
    return {f.name: status_of(f.stat()) for f in (index / FRAGMENTS).iterdir()}


page_paths = st.sampled_from([f"qu-{q}/yuan-{y}/index.html" for q in range(2) for y in range(4)])
sites = st.dictionaries(
    page_paths,
    st.tuples(st.sampled_from(["公约", "章程"]), st.lists(st.sampled_from(WORDS), max_size=4)),
    min_size=1,
    max_size=6,
).map(lambda pages: {path: page_html(*value) for path, value in pages.items()})


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=sites, after=sites)
def test_an_index_made_over_the_last_is_the_index_made_afresh(tmp_path, before, after):
    site, last, fresh = tmp_path / "site", tmp_path / "last", tmp_path / "fresh"
    shutil.rmtree(last, ignore_errors=True)
    problem, made = index_again(site, write_site(site, before), last, None)
    assert problem is None and set(made) == set(before)
    left = fragment_statuses(last)
    unchanged = {page: made[page] for page in before if after.get(page) == before[page]}

    pages = write_site(site, after)
    problem, made_again = index_again(site, pages, last, Reuse(unchanged))
    assert problem is None and set(made_again) == set(after)
    shutil.rmtree(fresh, ignore_errors=True)
    assert build_search_index(site, pages, output=fresh) is None
    assert _index_files(last) == _index_files(fresh)
    for page, name in unchanged.items():  # kept, not written again
        assert fragment_statuses(last)[name + SUFFIX] == left[name + SUFFIX]
        assert made_again[page] == name


def test_a_kept_fragment_under_a_changed_pages_new_name_is_caught(tmp_path, monkeypatch):
    """Two 7-hex names colliding cannot be made to order, so the last index is made to
    hold what a collision leaves: the name a changed page's fragment is about to get,
    on a kept file with other bytes."""
    site, last, fresh = tmp_path / "site", tmp_path / "last", tmp_path / "fresh"
    before = {
        "a/index.html": page_html("公约", ["楼道"]),
        "b/index.html": page_html("章程", ["停车"]),
    }
    after = {**before, "a/index.html": page_html("公约", ["楼道", "充电"])}
    _, made = index_again(site, write_site(site, before), last, None)
    pages = write_site(site, after)
    _, made_fresh = index_again(site, pages, fresh, None)
    new_name = made_fresh["a/index.html"]  # what the changed page's fragment is named
    kept = last / FRAGMENTS / (made["b/index.html"] + SUFFIX)
    kept.rename(last / FRAGMENTS / (new_name + SUFFIX))  # b's bytes under that name
    afresh = []
    monkeypatch.setattr(pagefind_again, "_fragments_of", _spy(afresh))
    problem, made_again = index_again(site, pages, last, Reuse({"b/index.html": new_name}))
    assert problem is None
    assert afresh  # the check failed: made again into an empty folder
    assert _index_files(last) == _index_files(fresh)
    assert made_again == made_fresh


def _spy(calls: list[Path]):
    real = pagefind_again._fragments_of

    def spy(output: Path, pages: list[str]) -> dict[str, str]:
        calls.append(output)
        return real(output, pages)

    return spy


@pytest.mark.parametrize(
    "last_is",
    ["a link to another folder", "an unreadable fragment", "a fragment of no page", "empty"],
)
def test_whatever_the_last_index_holds_the_index_is_the_fresh_one(tmp_path, last_is):
    site, last, fresh = tmp_path / "site", tmp_path / "last", tmp_path / "fresh"
    before = {f"p{n}/index.html": page_html(f"公约{n}", WORDS[n : n + 3]) for n in range(4)}
    _, made = index_again(site, write_site(site, before), last, None)
    fragments = last / FRAGMENTS
    if last_is == "a link to another folder":
        (tmp_path / "elsewhere").mkdir()
        shutil.move(fragments, tmp_path / "elsewhere" / FRAGMENTS)
        fragments.symlink_to(tmp_path / "elsewhere" / FRAGMENTS)
    elif last_is == "an unreadable fragment":
        (fragments / "zh_0000000.pf_fragment").write_bytes(b"not gzip")
    elif last_is == "a fragment of no page":
        shutil.copyfile(next(fragments.iterdir()), fragments / "zh_1111111.pf_fragment")
    else:
        shutil.rmtree(last)
    pages = write_site(site, {**before, "p0/index.html": page_html("公约0", ["装修"])})
    problem, _ = index_again(site, pages, last, Reuse(made))
    assert problem is None
    assert build_search_index(site, pages, output=fresh) is None
    assert _index_files(last) == _index_files(fresh)
    if last_is == "a link to another folder":  # the link removed, not what it led to
        assert any((tmp_path / "elsewhere" / FRAGMENTS).iterdir())


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.text(max_size=5000),
    ascii_only=st.booleans(),
    url_first=st.booleans(),
    content=st.text(max_size=200),
)
def test_a_fragments_url_is_read_whatever_it_holds(tmp_path, url, ascii_only, url_first, content):
    """The URL is read from the fragment's first kilobytes when it comes first, as Pagefind
    writes it; from the whole otherwise (a long URL, another order)."""
    import gzip
    import json

    fields = {"url": url, "content": content} if url_first else {"content": content, "url": url}
    data = pagefind_again.SIGNATURE + json.dumps(fields, ensure_ascii=ascii_only).encode()
    fragment = tmp_path / "zh_1234567.pf_fragment"
    fragment.write_bytes(gzip.compress(data))
    assert pagefind_again._url_in(fragment) == url
    fragment.write_bytes(data)  # not compressed
    assert pagefind_again._url_in(fragment) is None
    fragment.write_bytes(gzip.compress(data[len(pagefind_again.SIGNATURE) :]))  # no signature
    assert pagefind_again._url_in(fragment) is None

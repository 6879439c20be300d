"""The site's gongyue settings, as one typed model the CLI and the plugin both use.

The settings are written under ``plugins: - gongyue:`` in mkdocs.yml. The engine
reads the file (``!ENV``, ``INHERIT``) and hands the plain values here; this
model is the one place that says which settings exist, their defaults and what
a value must be. The plugin's MkDocs config only carries the values through
(``adapters/options.py``), so a setting is added here, once.

A value that does not fit is a ``SettingsError`` with a Chinese message that
names the setting and what to write instead; an unknown setting is an error,
not a silent default (a misspelt ``traditonal: false`` would otherwise publish
what the operator turned off).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

# Which Traditional forms: Taiwan's, Hong Kong's, or OpenCC's own.
TraditionalVariant = Literal["s2tw", "s2hk", "s2t"]
# How the process that writes posters and Traditional pages starts (publish/companion_process.py).
CompanionProcess = Literal["auto", "fork", "spawn", "none"]


class SettingsError(ValueError):
    """Settings that do not fit the model; the message is Chinese, one line per setting."""


class RuleOverride(BaseModel):
    """One meeting body's rule as mkdocs.yml may change it: ``{quorum: '>1/2'}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    quorum: StrictStr | None = None
    majority: StrictStr | None = None
    area_quorum: StrictStr | None = None
    area_majority: StrictStr | None = None
    basis: StrictStr | None = None


class Settings(BaseModel):
    """Every gongyue setting, with its default."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    build_date: dt.date | None = None
    """Date the statuses are computed for (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH, else today."""
    rules: dict[StrictStr, RuleOverride] = Field(default_factory=dict)
    """Per meeting body: {quorum: '>1/2', majority: '>1/2'} (procedure/rules.py has the defaults)."""
    min_consultation_days: StrictInt = Field(default=7, ge=0)
    """Shortest consultation window, in days, before a warning."""
    search: StrictBool = True
    """Build the Pagefind search index after the site."""
    search_areas: StrictBool = False
    """One search index per top-level unit (a province's cities): a first search downloads
    one city's index, not the province's; the search page's 范围 picks it (全部 merges)."""
    posters: StrictBool = True
    """Write the notice-board sheet with a QR code at <version>/print/ for every adopted version."""
    papers: StrictBool = True
    """Write the papers of the procedure (notice, ballots, minutes, filing …) at
    <draft or latest version>/papers/<kind>/, with the posters."""
    traditional: StrictBool = True
    """Write every text page in Traditional characters at <page>/hant/."""
    traditional_variant: TraditionalVariant = "s2tw"
    """Which Traditional forms: s2tw (Taiwan, the default), s2hk (Hong Kong) or s2t (OpenCC's)."""
    pdf: StrictBool = False
    """Write a PDF of every version's notice-board sheet (needs WeasyPrint and Chinese fonts)."""
    only: StrictStr = ""
    """Preview one unit's subtree (folder relative to docs_dir); `gongyue serve --only` sets it."""
    extra_files: tuple[StrictStr, ...] = ()
    """Files inside unit folders to publish as they are (patterns relative to docs_dir)."""
    companion_process: CompanionProcess = "auto"
    """How the helper that writes posters and Traditional pages starts."""
    log: StrictStr = ""
    """Folder (from mkdocs.yml's) holding log/ as `gongyue log write` wrote it for these
    sources: pages and sheets show each version's place in it, and the site publishes it.
    Unwritten, a build takes it from the environment variable GONGYUE_LOG (what CI sets)."""
    log_key: StrictStr = ""
    """The log's public verifier key (`gongyue log key` prints it); needed with `log`."""
    cache: StrictStr = ""
    """Folder (from mkdocs.yml's) where a build keeps each charter's pages for the next
    build, which makes again only the charters whose inputs changed (publish/page_cache.py).
    Unwritten, a build takes it from the environment variable GONGYUE_CACHE (what CI sets);
    neither: no cache."""
    fast_pages: StrictBool = True
    """Make each charter's pages in the theme's frame rendered once per depth (themed.py);
    false: the engine renders them one by one, as it renders the site's other pages."""

    @field_validator("build_date", mode="before")
    @classmethod
    def _a_written_date(cls, value: Any) -> Any:
        # YAML reads 2024-05-01 as a date and '2024-05-01' as text; both are a day.
        # A number is not (pydantic would read 20240501 as seconds since 1970).
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError("not a date")

    @field_validator("extra_files", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value


SETTINGS = tuple(Settings.model_fields)


def read_settings(options: Mapping[str, Any]) -> Settings:
    """The model of ``options`` (the values under ``gongyue:``; None means not written)."""
    given = {key: value for key, value in options.items() if value is not None}
    try:
        return Settings.model_validate(given)
    except ValidationError as error:
        lines = [_problem(detail, given) for detail in error.errors()]
        raise SettingsError("；".join(dict.fromkeys(lines))) from None


_EXPECTED = {
    "bool_type": "写 true 或 false",
    "int_type": "写一个整数",
    "greater_than_equal": "写一个不小于 0 的整数",
    "string_type": "写一段文字（加引号）",
    "dict_type": "写成 {键: 值} 的形式",
    "model_type": "写成 {quorum: '>1/2', majority: '>1/2'} 的形式",
    "tuple_type": "写成列表，例如 ['*/附件/*.pdf']",
}


def _problem(detail: ErrorDetails, given: Mapping[str, Any]) -> str:
    """One Chinese sentence for one of pydantic's findings."""
    location = ".".join(str(part) for part in detail["loc"])
    name = str(detail["loc"][0]) if detail["loc"] else ""
    kind = detail["type"]
    if kind == "extra_forbidden":
        known = "、".join(SETTINGS if len(detail["loc"]) == 1 else RuleOverride.model_fields)
        return f"“{location}”不是 gongyue 的设置（可用的有：{known}），请检查拼写或删去这一项"
    value = given.get(name) if len(detail["loc"]) == 1 else detail.get("input")
    if name == "build_date":
        return f"build_date “{value}”不是有效日期，请写成 YYYY-MM-DD（加引号），或删去这一项"
    if kind == "literal_error":
        choices = " ".join(_choices(name))
        return f"{location} 写成“{value}”无法识别，可选：{choices}"
    expected = _EXPECTED.get(kind, "按编辑指南的说明改写")
    return f"{location} 写成“{value}”不合要求：{expected}"


def _choices(name: str) -> tuple[str, ...]:
    annotation = Settings.model_fields[name].annotation
    return tuple(getattr(annotation, "__args__", ()))

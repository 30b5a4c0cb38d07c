"""Places by name: Viet Nam's provinces, districts and communes, so that a local body's name tells its province.

``HUYỆN ỦY LỤC NAM`` names no province, but only one district of that name exists (in Bắc Giang), so its
register is Bắc Giang's; ``ĐẢNG ỦY PHƯỜNG LONG HOA`` is the ward of Hòa Thành in Tây Ninh. A name that
several provinces share (``Châu Thành``, in ten) tells nothing. The divisions are those of the General
Statistics Office before the July 2025 rearrangement (``vietnam-provinces`` 0.6.0, data of 2025-01-04):
the three levels that the documents of those years name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from kg.rules import load

__all__ = ["Place", "commune", "district", "province", "province_title"]

_PREFIX = re.compile(r"^(?:Thành phố|Tỉnh|Huyện|Quận|Thị xã|Phường|Xã|Thị trấn)\s+")


@dataclass(frozen=True)
class Place:
    """A place the gazetteer knows: its province and (below a province) its district, as usually written."""

    province: str
    district: str | None = None


_OLD_TONES = str.maketrans({"à": "ò", "á": "ó", "ả": "ỏ", "ã": "õ", "ạ": "ọ"})
_OLD_TONE_RE = re.compile(r"o[àáảãạ]|u[ýỳỷỹỵ]|o[èéẻẽẹ]")
_Y_TONES = {"ý": "úy", "ỳ": "ùy", "ỷ": "ủy", "ỹ": "ũy", "ỵ": "ụy"}
_E_TONES = {"è": "òe", "é": "óe", "ẻ": "ỏe", "ẽ": "õe", "ẹ": "ọe"}


def _tone(m: re.Match[str]) -> str:
    a, b = m.group()
    if a == "u":
        return _Y_TONES[b]
    if b in _E_TONES:
        return _E_TONES[b]
    return b.translate(_OLD_TONES) + "a"


def _key(name: str) -> str:
    """Names compared without case and spacing, with the tone mark placed one way (``Hoà Bình`` is ``Hòa Bình``);
    accents count (``Long Hoa`` is not ``Long Hòa``)."""
    text = unicodedata.normalize("NFC", name).lower().replace("-", " ")
    return " ".join(_OLD_TONE_RE.sub(_tone, text).split())


def _short(name: str) -> str:
    return _PREFIX.sub("", name.strip())


@dataclass(frozen=True)
class _Gazetteer:
    provinces: dict[str, str]
    kinds: dict[str, str]  # province → "tỉnh" or "thành phố" (a city under the centre)
    districts: dict[str, frozenset[Place]]
    communes: dict[str, frozenset[Place]]


@cache
def _gazetteer() -> _Gazetteer:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces: dict[str, str] = {}
    kinds: dict[str, str] = {}
    districts: dict[str, set[Place]] = defaultdict(set)
    communes: dict[str, set[Place]] = defaultdict(set)
    usual = {k: v for k, v in load("resolve")["province_names"].items() if not k.startswith("_")}
    for p in data:
        listed = _short(p["name"])
        prov = usual.get(listed, listed)
        provinces[_key(prov)] = provinces[_key(listed)] = prov
        kinds[prov] = "thành phố" if p["name"].startswith("Thành phố") and prov == listed else "tỉnh"
        for d in p["districts"]:
            dist = _short(d["name"])
            districts[_key(dist)].add(Place(prov))
            for w in d["wards"]:
                communes[_key(_short(w["name"]))].add(Place(prov, dist))
    return _Gazetteer(provinces, kinds, {k: frozenset(v) for k, v in districts.items()},
                      {k: frozenset(v) for k, v in communes.items()})


def province(name: str | None) -> str | None:
    """The province a name is (``Ninh Thuận``, ``NINH THUẬN``, ``Thừa Thiên Huế``), as usually written; else None."""
    return _gazetteer().provinces.get(_key(name)) if name else None


def province_title(name: str | None) -> str | None:
    """``tỉnh Nghệ An``, ``thành phố Hà Nội``: a province as a body's name carries it; None for a name that is none."""
    found = province(name)
    return f"{_gazetteer().kinds[found]} {found}" if found else None


def district(name: str | None) -> Place | None:
    """The one district of that name (``Lục Nam`` → Bắc Giang); None for an unknown name or one several provinces share."""
    found = _gazetteer().districts.get(_key(name)) if name else None
    return next(iter(found)) if found and len(found) == 1 else None


def commune(name: str | None) -> Place | None:
    """The one commune, ward or town of that name (``Long Hoa`` → Tây Ninh, Hòa Thành); None when it is not one."""
    found = _gazetteer().communes.get(_key(name)) if name else None
    return next(iter(found)) if found and len(found) == 1 else None

"""Graphs the browser tests draw: a synthetic citation graph of any size, shaped like kg.to_networkx's."""
from __future__ import annotations

import datetime as dt
import random

import networkx as nx


def synthetic_graph(n: int, seed: int = 5, undated: float = 0.05) -> nx.MultiDiGraph:
    """A random but deterministic citation graph shaped like ``to_networkx``'s: later documents cite earlier ones."""
    rng = random.Random(seed)
    types = ["NQ", "KL", "CT", "QĐ", "HD", "KH", "TB", "CV", "NĐ", "QĐi"]
    words = {"NQ": "Nghị quyết", "KL": "Kết luận", "CT": "Chỉ thị", "QĐ": "Quyết định", "HD": "Hướng dẫn",
             "KH": "Kế hoạch", "TB": "Thông báo", "CV": "Công văn", "NĐ": "Nghị định", "QĐi": "Quy định"}
    issuers = ["Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư", "Ban Tổ chức Trung ương",
               "Tỉnh ủy Bình Định", "Thành ủy Hà Nội", "Chính phủ"] + [f"Huyện ủy số {i}" for i in range(20)]
    terms = ["IX", "X", "XI", "XII", "XIII"]
    relations = ["cites", "implements", "continues", "guides", "based_on", "amends", "reviews", "concretizes"]
    g = nx.MultiDiGraph()
    start = dt.date(2001, 1, 1)
    days = sorted(rng.randrange(0, 24 * 365) for _ in range(n))
    for i, day in enumerate(days):
        code = rng.choice(types)
        level = rng.choices(["central", "local", "state", "unresolved"], [5, 8, 1, 1])[0]
        date = None if rng.random() < undated else (start + dt.timedelta(days=day)).isoformat()
        symbol = f"{i + 1}-{code}/TW"
        g.add_node(f"urn:doc:{i}", symbol=symbol, label=symbol, type=code, type_word=words[code], date=date,
                   issuer=rng.choice(issuers), term=terms[min(4, day // (5 * 365))], level=level,
                   title=f"Văn bản số {i + 1} về công tác cán bộ đợt {rng.randrange(100)}", times_cited=0)
    for i in range(1, n):
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            j = rng.randrange(max(0, i - 400), i)
            sentence = f"Tiếp tục thực hiện {g.nodes[f'urn:doc:{j}']['symbol']} của Trung ương."
            g.add_edge(f"urn:doc:{i}", f"urn:doc:{j}", relation=rng.choice(relations), planned=rng.random() < 0.03,
                       cue="Tiếp tục thực hiện", evidence=[{"sentence": sentence, "span": [19, sentence.index(" của")],
                                                            "quote": sentence[19:sentence.index(" của")],
                                                            "path": f"synthetic/{i}.txt"}])
    for node in g:
        g.nodes[node]["times_cited"] = g.in_degree(node)
    return g



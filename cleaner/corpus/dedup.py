"""Exact and near-duplicate detection: content hashes and MinHash LSH.

Signatures are computed per document inside the shard function (in parallel);
clustering runs once over all signatures, in shard order, so the result does
not depend on how many workers ran the shards.
"""
from __future__ import annotations

import hashlib
import re
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 16                # 16 bands x 8 rows: pairs above ~0.7 Jaccard meet in a bucket
ROWS = NUM_PERM // BANDS
_PRIME = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)
_rng = np.random.default_rng(20240229)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, 1 << 32, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> List[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def minhash(text: str) -> Optional[np.ndarray]:
    """NUM_PERM minimum hashes of the text's word 5-gram shingles, or None."""
    grams = shingles(text)
    if not grams:
        return None
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in set(grams)),
        dtype=np.uint64,
    )
    # (a*h + b) mod p with 32-bit a, h: the product stays inside 64 bits.
    values = (np.outer(_A, hashes) + _B[:, None]) % _PRIME
    return (values & _MASK32).min(axis=1)


def band_keys(signature: Optional[np.ndarray]) -> List[str]:
    """One bucket key per band; documents that share a key are candidates."""
    if signature is None:
        return []
    return [f"{b}:{hashlib.blake2b(signature[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for b in range(BANDS)]


def signature_record(doc_id: str, text: str) -> dict:
    return {"id": doc_id, "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
            "bands": band_keys(minhash(text))}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the earliest document names the cluster


FLAGS = ("exact_duplicate_of", "near_duplicate_cluster")  # the metadata keys of a flagged record


def find_duplicates(signatures: Sequence[dict]) -> Tuple[Dict[int, dict], List[List[str]]]:
    """Flags per document, by its position in ``signatures`` (ids need not be unique),
    and the near-duplicate clusters (ids, in order).

    Flags: ``exact_duplicate_of`` (the id of the first document with the same text)
    and ``near_duplicate_cluster`` (the id of the first document of its cluster).
    """
    first_by_hash: Dict[str, int] = {}
    uf = _UnionFind(len(signatures))
    buckets: Dict[str, int] = {}
    for i, sig in enumerate(signatures):
        first = first_by_hash.setdefault(sig["sha1"], i)
        if first != i:
            uf.union(first, i)
        for key in sig["bands"]:
            seen = buckets.setdefault(key, i)
            if seen != i:
                uf.union(seen, i)
    members: Dict[int, List[int]] = {}
    for i in range(len(signatures)):
        members.setdefault(uf.find(i), []).append(i)
    flags: Dict[int, dict] = {}
    clusters: List[List[str]] = []
    for root, group in sorted(members.items()):
        if len(group) < 2:
            continue
        clusters.append([signatures[i]["id"] for i in group])
        for i in group:
            sig = signatures[i]
            first = first_by_hash[sig["sha1"]]
            flags[i] = {
                "exact_duplicate_of": signatures[first]["id"] if first != i else None,
                "near_duplicate_cluster": signatures[root]["id"],
            }
    return flags, clusters

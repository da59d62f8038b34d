"""Cluster: the blocking and comparison stages on Spark (local mode here), checked against one machine.

    make cluster                                                        # 10,000 and 100,000 records
    make cluster CLUSTER_ARGS="--sizes 10000 --partitions 8"
    nice -n 19 .venv-cluster/bin/python benchmarks/cluster.py --master spark://host:7077 --sizes 1000000

Spark is the benchmarks' engine, never the project's dependency: `make cluster` builds `.venv-cluster`
from `benchmarks/peers/requirements-cluster.txt` plus this project. Per size, the lists of
`benchmarks/scenarios/growing.py` are written (as `benchmarks/scale.py` writes them), loaded and
normalized on the driver (`reconcile.load.load`, `reconcile.normalize.normalize`); the normalized records
are broadcast to the executors, and then:

- blocking on Spark: each partition of record positions lists its records' keys with the project's own
  key functions (`reconcile.block.PASSES`), Spark groups the keys into blocks, skips those over
  `max_block_size` as `reconcile.block` does (for the passes that pair only records lacking a name part,
  the limit on the pairs a block makes), self-joins each block, adds the sorted neighbourhoods (a global
  sort, then a join on the rank) and keeps the union, collected to the driver as the pairs MultiIndex;
- comparison on Spark: `mapInPandas` over partitions of those pairs calls `reconcile.compare.compare` on
  each batch (with the records that batch names), and the feature table is collected to the driver;
- the same two stages on one machine (`reconcile.block.candidate_pairs`, `reconcile.compare.compare`).

It prints the wall time of each stage on both paths and whether they agree: the same candidate pairs,
levels identical and similarities equal within 1e-9. Prints figures only; never part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks.*, run as a script from anywhere
# Spark's Python workers import `reconcile` too: from this checkout, with this interpreter.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

import reconcile  # noqa: E402
from benchmarks.scenarios import growing  # noqa: E402
from reconcile.block import (  # noqa: E402
    PASSES,
    candidate_pairs,
    family_initials,
    incomplete_names,
    neighbourhood_sort_keys,
)
from reconcile.compare import compare  # noqa: E402
from reconcile.config import Blocking, load_settings  # noqa: E402
from reconcile.config import Comparison as ComparisonSettings  # noqa: E402
from reconcile.load import load  # noqa: E402
from reconcile.normalize import normalize  # noqa: E402
from reconcile.schema import FAMILY_KEY, GIVEN_KEY, LEFT_POSITION, POSITIONS, RIGHT_POSITION, SIMILARITIES  # noqa: E402

if TYPE_CHECKING:
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame as SparkFrame
    from pyspark.sql import SparkSession

ROWS_PER_BATCH = 50_000  # records or pairs handed to one call of the project's functions
TOLERANCE = 1e-9  # similarities of the two paths may differ by this much (floating-point order)
PASS, KEY, POSITION, INCOMPLETE = "pass", "key", "position", "incomplete"
# The sorted neighbourhoods of `reconcile.block.candidate_pairs`: records sorted by these two orders.
NEIGHBOURHOOD_ORDERS = ((FAMILY_KEY, GIVEN_KEY), (GIVEN_KEY, FAMILY_KEY))
SORT_KEYS = tuple(f"sorted_by_{first}" for first, _ in NEIGHBOURHOOD_ORDERS)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="records per run")
    parser.add_argument(
        "--partitions", type=int, default=8, help="partitions of records, keys and pairs (Spark tasks)"
    )
    parser.add_argument("--master", default="local[2]", help="Spark master URL: local[N], spark://host:port")
    parser.add_argument("--driver-memory", default="6g")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise", choices=["standard", "harsh"], default="standard")
    parser.add_argument("--keep", type=Path, help="write (or reuse) each size's lists here")
    parser.add_argument(
        "--settings",
        type=Path,
        help="link the lists of this settings file instead (e.g. inputs/reconcile.toml)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    spark = start_spark(args.master, args.driver_memory, args.partitions)
    start_s = time.perf_counter() - started
    print(
        f"Spark {spark.version}, master {args.master}, {args.partitions} partitions; started in {start_s:.1f} s"
    )
    print(f"reconcile from {Path(reconcile.__file__).parent} (driver), {worker_reconcile(spark)} (workers)\n")
    rows = []
    if args.settings:
        rows.append(measure(spark, args.settings, args))
        print_rows(rows)
    for size in [] if args.settings else args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder = (args.keep / str(size)) if args.keep else Path(scratch)
            rows.append(measure(spark, lists_of(folder, size, args), args))
        print_rows(rows)
    spark.stop()


def start_spark(master: str, driver_memory: str, partitions: int) -> SparkSession:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("reconcile-cluster-benchmark")
        .config("spark.driver.memory", driver_memory)  # local mode: the executors live in the driver
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.adaptive.enabled", "false")  # keep the partitions asked for
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ROWS_PER_BATCH))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def worker_reconcile(spark: SparkSession) -> str:
    """Where Spark's Python workers import `reconcile` from: this checkout, or the run is refused."""

    def where(_: Any) -> str:
        import reconcile

        return str(Path(reconcile.__file__).parent)

    found = spark.sparkContext.parallelize([0], 1).map(where).collect()[0]
    if Path(found) != ROOT / "reconcile":
        raise SystemExit(f"Spark's workers import reconcile from {found}, not from {ROOT / 'reconcile'}")
    return found


# --- one size


def lists_of(folder: Path, size: int, args: argparse.Namespace) -> Path:
    """The settings file of the growing scenario's lists at `size` in `folder`, written unless there."""
    settings_file = folder / growing.SETTINGS_FILE
    if not settings_file.is_file():
        print(f"[cluster] {size:,} records: generating ...", file=sys.stderr, flush=True)
        growing.write(folder, growing.populate(growing.persons_for(size), args.seed), args.seed, args.noise)
    return settings_file


def measure(spark: SparkSession, settings_file: Path, args: argparse.Namespace) -> dict[str, Any]:
    settings = load_settings(settings_file)
    seconds: dict[str, float] = {}
    with timed(seconds, "load+normalize"):
        records = normalize(load(settings).records, settings).records
    print(f"[cluster] {len(records):,} records: single machine ...", file=sys.stderr, flush=True)
    with timed(seconds, "block (single)"):
        single_pairs = candidate_pairs(records, settings.blocking).pairs
    with timed(seconds, "compare (single)"):
        single_features = compare(records, single_pairs, settings.comparison)
    print(f"[cluster] {len(records):,} records: Spark ...", file=sys.stderr, flush=True)
    with timed(seconds, "block (spark)"):
        shared = spark.sparkContext.broadcast(records)
        pairs_frame = spark_pairs(spark, shared, len(records), settings.blocking, args.partitions)
        pairs_frame = pairs_frame.persist()
        spark_pairs_index = collect_pairs(pairs_frame)
    with timed(seconds, "compare (spark)"):
        spark_features = spark_compare(pairs_frame, shared, records, settings.comparison)
    spark.catalog.clearCache()
    shared.destroy()
    verdict = check(single_pairs, single_features, spark_pairs_index, spark_features)
    print(f"[cluster] {len(records):,} records: {verdict}", file=sys.stderr, flush=True)
    return {"records": len(records), "pairs": len(single_pairs), **seconds, "same results": verdict}


class timed:
    """Wall seconds of a `with` block, stored under `name`."""

    def __init__(self, seconds: dict[str, float], name: str) -> None:
        self.seconds, self.name = seconds, name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *_: object) -> None:
        self.seconds[self.name] = round(time.perf_counter() - self.started, 1)


# --- blocking on Spark


def spark_pairs(
    spark: SparkSession, shared: Broadcast, count: int, settings: Blocking, partitions: int
) -> SparkFrame:
    """Candidate pairs (left, right positions, left < right, once each) as `candidate_pairs` finds them."""
    from pyspark.sql import functions as F

    positions = spark.range(0, count, numPartitions=partitions).withColumnRenamed("id", POSITION)
    witness = _witness(shared.value)
    keys = positions.mapInPandas(
        partial(_key_rows, shared, witness), f"{PASS} int, {KEY} string, {POSITION} long"
    ).persist()  # read twice: to size the blocks, then to join them
    facts = positions.mapInPandas(
        partial(_record_facts, shared),
        f"{POSITION} long, {INCOMPLETE} boolean, " + ", ".join(f"{k} string" for k in SORT_KEYS),
    ).persist()
    keyed = keys.join(facts.select(POSITION, INCOMPLETE), POSITION)
    blocks = keyed.groupBy(PASS, KEY).agg(
        F.count(F.lit(1)).alias("size"), F.sum(F.col(INCOMPLETE).cast("long")).alias("members")
    )
    rows = keyed.join(blocks, [PASS, KEY]).persist()
    other = rows.select(PASS, KEY, F.col(POSITION).alias("other"))
    full_passes = [i for i, p in enumerate(PASSES) if not p.only_incomplete]
    incomplete_passes = [i for i, p in enumerate(PASSES) if p.only_incomplete]
    # A full block pairs everyone with everyone: each pair once, the lower position on the left.
    full = rows.where(F.col(PASS).isin(full_passes) & F.col("size").between(2, settings.max_block_size))
    full_pairs = (
        full.join(other, [PASS, KEY])
        .where(F.col(POSITION) < F.col("other"))
        .select(F.col(POSITION).alias(LEFT_POSITION), F.col("other").alias(RIGHT_POSITION))
    )
    # A block of a one-part pass pairs its members lacking a name part with everyone in it, as long as
    # it makes no more pairs than a full block of max_block_size would.
    lacking = rows.where(
        F.col(PASS).isin(incomplete_passes)
        & F.col(INCOMPLETE)
        & (F.col("size") > 1)
        & (F.col("members") * F.col("size") <= settings.max_block_size**2 // 2)
    )
    lacking_pairs = (
        lacking.join(other, [PASS, KEY])
        .where(F.col(POSITION) != F.col("other"))
        .select(
            F.least(POSITION, "other").alias(LEFT_POSITION),
            F.greatest(POSITION, "other").alias(RIGHT_POSITION),
        )
    )
    found = [full_pairs, lacking_pairs]
    found += [_neighbourhood(spark, facts, key, settings.neighbourhood_window) for key in SORT_KEYS]
    union = found[0]
    for more in found[1:]:
        union = union.unionByName(more)
    return union.distinct()  # in spark.sql.shuffle.partitions partitions


def _witness(records: pd.DataFrame) -> pd.DataFrame:
    """One record with a family name given by its initial, or none.

    The key lists of `reconcile.block` are the record's own, but for one test made on the whole table:
    "given + initial of family" keys nobody when no record at all gives its family name by an initial.
    A partition of records is not the whole table, so each partition is keyed with this record beside
    it (and its keys dropped): the test then answers as it does on the whole table.
    """
    with_initial = np.flatnonzero(family_initials(records))
    return records.iloc[with_initial[:1]]


def _key_rows(
    shared: Broadcast, witness: pd.DataFrame, batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """(pass, key, position) once per record and key, for each pass, with the project's key functions."""
    records = shared.value
    for batch in batches:
        positions = batch[POSITION].to_numpy()
        table = pd.concat([records.iloc[positions], witness], ignore_index=True)
        for number, blocking_pass in enumerate(PASSES):
            key_lists = blocking_pass.keys(table).to_numpy()[: len(positions)]
            counts = np.fromiter(map(len, key_lists), dtype=np.int64, count=len(key_lists))
            out = pd.DataFrame(
                {
                    PASS: np.int32(number),
                    KEY: np.fromiter(chain.from_iterable(key_lists), dtype=object, count=int(counts.sum())),
                    POSITION: np.repeat(positions, counts),
                }
            )
            yield out.drop_duplicates()  # a record is in a block once, however many times it has the key


def _record_facts(shared: Broadcast, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Per record: whether it lacks a name part, and its sort key in each neighbourhood order."""
    records = shared.value
    for batch in batches:
        positions = batch[POSITION].to_numpy()
        part = records.iloc[positions]
        facts = {POSITION: positions, INCOMPLETE: incomplete_names(part)}
        for name, (first, second) in zip(SORT_KEYS, NEIGHBOURHOOD_ORDERS, strict=True):
            facts[name] = neighbourhood_sort_keys(part, (first, second))
        yield pd.DataFrame(facts)


def _neighbourhood(spark: SparkSession, facts: SparkFrame, sort_key: str, window: int) -> SparkFrame:
    """Pairs of records within `window` places of each other, sorted by `sort_key` (ties by position,
    as a stable sort keeps them); records with an empty key are left out."""
    from pyspark.sql import functions as F

    ordered = facts.where(F.col(sort_key) != "").select(sort_key, POSITION).orderBy(sort_key, POSITION)
    ranked = spark.createDataFrame(
        ordered.rdd.zipWithIndex().map(lambda row_rank: (row_rank[1], row_rank[0][1])),
        f"rank long, {POSITION} long",
    )
    ahead = ranked.select(
        F.explode(F.sequence(F.col("rank") + 1, F.col("rank") + window)).alias("rank"),
        F.col(POSITION).alias("other"),
    )
    return ranked.join(ahead, "rank").select(
        F.least(POSITION, "other").alias(LEFT_POSITION), F.greatest(POSITION, "other").alias(RIGHT_POSITION)
    )


def collect_pairs(pairs: SparkFrame) -> pd.MultiIndex:
    """The pairs on the driver, sorted by left then right, as `candidate_pairs` returns them."""
    table = pairs.toPandas()
    order = np.lexsort((table[RIGHT_POSITION].to_numpy(), table[LEFT_POSITION].to_numpy()))
    return pd.MultiIndex.from_arrays(
        [table[LEFT_POSITION].to_numpy()[order], table[RIGHT_POSITION].to_numpy()[order]],
        names=list(POSITIONS),
    )


# --- comparison on Spark


def spark_compare(
    pairs: SparkFrame, shared: Broadcast, records: pd.DataFrame, settings: ComparisonSettings
) -> pd.DataFrame:
    """The feature table of `compare`, computed batch by batch on Spark, sorted like the pairs."""
    sample = compare(records, pd.MultiIndex.from_arrays([[0], [min(1, len(records) - 1)]]), settings)
    schema = f"{LEFT_POSITION} long, {RIGHT_POSITION} long, " + ", ".join(
        f"`{column}` {_spark_type(dtype)}" for column, dtype in sample.dtypes.items()
    )
    features = pairs.mapInPandas(partial(_compare_batches, shared, settings), schema).toPandas()
    features = features.sort_values([LEFT_POSITION, RIGHT_POSITION], kind="stable")
    features = features.set_index([LEFT_POSITION, RIGHT_POSITION])
    return features.astype(sample.dtypes.to_dict())


def _spark_type(dtype: np.dtype) -> str:
    """The Spark SQL type a pandas column of `dtype` travels as (through Arrow)."""
    if dtype.kind == "b":
        return "boolean"
    if dtype.kind == "i":
        return "tinyint" if dtype.itemsize == 1 else "long"
    if dtype.kind == "f":
        return "double"
    return "string"


def _compare_batches(
    shared: Broadcast, settings: ComparisonSettings, batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """`compare` on each batch of pairs, given only the records the batch names (a pair's features
    depend on its two records alone), renumbered for it."""
    records = shared.value
    for batch in batches:
        left, right = batch[LEFT_POSITION].to_numpy(), batch[RIGHT_POSITION].to_numpy()
        named = np.unique(np.concatenate([left, right]))
        local = pd.MultiIndex.from_arrays([np.searchsorted(named, left), np.searchsorted(named, right)])
        features = compare(records.iloc[named].reset_index(drop=True), local, settings)
        yield pd.concat(
            [batch[[LEFT_POSITION, RIGHT_POSITION]].reset_index(drop=True), features.reset_index(drop=True)],
            axis=1,
        )


# --- the check


def check(
    single_pairs: pd.MultiIndex, single: pd.DataFrame, spark_pairs_index: pd.MultiIndex, spark: pd.DataFrame
) -> str:
    """'identical' when both paths found the same pairs and features, else what differs."""
    if not single_pairs.equals(spark_pairs_index):
        only_single = len(single_pairs.difference(spark_pairs_index))
        only_spark = len(spark_pairs_index.difference(single_pairs))
        return f"DIFFERENT pairs: {only_single:,} only single, {only_spark:,} only Spark"
    if list(single.columns) != list(spark.columns) or not single.index.equals(spark.index):
        return "DIFFERENT feature columns or rows"
    levels = [c for c in single.columns if c.startswith("level_")]
    floats = [c for c in single.columns if c not in levels and single[c].dtype.kind == "f"]
    others = [c for c in single.columns if c not in levels and c not in floats]
    differing_levels = int((single[levels].to_numpy() != spark[levels].to_numpy()).any(axis=1).sum())
    gap = np.abs(single[floats].to_numpy() - spark[floats].to_numpy())
    same_missing = np.array_equal(np.isnan(single[floats].to_numpy()), np.isnan(spark[floats].to_numpy()))
    largest_gap = float(np.nanmax(gap)) if gap.size and not np.isnan(gap).all() else 0.0
    differing_others = [c for c in others if not single[c].equals(spark[c])]
    if differing_levels or not same_missing or largest_gap > TOLERANCE or differing_others:
        return (
            f"DIFFERENT features: {differing_levels:,} pairs with other levels, largest gap {largest_gap:.3g}"
            f" (similarities {', '.join(SIMILARITIES)}), missing alike {same_missing}, other columns {differing_others}"
        )
    return f"identical ({len(single_pairs):,} pairs; levels equal, largest similarity gap {largest_gap:.1g})"


def print_rows(rows: list[dict[str, Any]]) -> None:
    with pd.option_context("display.width", 250, "display.max_columns", 30, "display.max_colwidth", 120):
        print(pd.DataFrame(rows).to_string(index=False), flush=True)
    print()


if __name__ == "__main__":
    main()

"""Build the corpus layers with datatrove: locally, on a Slurm cluster, or on Ray (see README, Scale)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, required=True, help="folder of raw .txt files")
    parser.add_argument("--annotations", type=Path, help="folder of gold .ann files")
    parser.add_argument("--out", type=Path, required=True, help="output folder (parquet per config and rank)")
    parser.add_argument("--logs", type=Path, help="datatrove logging folder (one per run configuration)")
    parser.add_argument("--executor", choices=("local", "slurm", "ray"), default="local")
    parser.add_argument("--tasks", type=int, default=2, help="number of tasks (file shards)")
    parser.add_argument("--workers", type=int, default=2, help="tasks run at once (local, ray)")
    parser.add_argument("--partition", default="cpu", help="Slurm partition")
    parser.add_argument("--time", default="04:00:00", help="Slurm time limit per task")
    args = parser.parse_args(argv)
    if not args.input.is_dir():
        print(f"error: {args.input}: no such folder of raw .txt files", file=sys.stderr)
        return 2
    from danvan.build.datatrove import build_pipeline, datatrove_card  # here: --help stays fast

    pipeline = build_pipeline(str(args.input), str(args.out), str(args.input), str(args.annotations or "") or None)
    logs = str(args.logs or args.out.with_name(f"{args.out.name}.logs"))
    if args.executor == "local":
        from datatrove.executor import LocalPipelineExecutor

        LocalPipelineExecutor(pipeline, tasks=args.tasks, workers=args.workers, logging_dir=logs).run()
    elif args.executor == "slurm":
        from datatrove.executor import SlurmPipelineExecutor

        SlurmPipelineExecutor(
            pipeline, tasks=args.tasks, time=args.time, partition=args.partition, logging_dir=logs, job_name="danvan"
        ).run()
    else:
        from datatrove.executor import RayPipelineExecutor

        RayPipelineExecutor(pipeline, tasks=args.tasks, workers=args.workers, logging_dir=logs).run()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "README.md").write_text(datatrove_card(args.out), encoding="utf-8")
    return 0

"""The build as a datatrove pipeline (reader → annotation step → parquet writer), for clusters.

The annotation step is ``danvan.pipeline.annotate.annotate_document``, the same pure function the
local build runs; each output row becomes one datatrove Document whose metadata names its
config, and the writer puts every config in ``<out>/<config>/<rank>.parquet`` with the
config's Hugging Face features, so ``datasets.load_dataset(out, config)`` reads it back.
All rows land in one ``train`` split (splits need the whole document list; see the card).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers import ParquetWriter

from danvan.formats.brat import read_annotations
from danvan.formats.hf_dataset import CONFIGS, FEATURES
from danvan.pipeline.annotate import annotate_document
from danvan.pipeline.ingest import read_metadata
from danvan.pipeline.ner import load_ner_tagger
from danvan.pipeline.parse import load_parser


class RawTextReader(BaseDiskReader):
    """Reads each ``*.txt`` file of a folder as one document whose id is the file stem."""

    name = "raw text"

    def __init__(self, data_folder: str, encoding: str = "utf-8", **kwargs: Any) -> None:
        super().__init__(data_folder, glob_pattern="*.txt", **kwargs)
        self.encoding = encoding

    def read_file(self, filepath: str) -> Iterator[DatatroveDocument]:
        """One document per file, decoded with the reader's encoding."""
        with self.data_folder.open(filepath, "rb") as handle:
            raw = handle.read().decode(self.encoding)
        if raw.strip():
            yield DatatroveDocument(text=raw, id=Path(filepath).stem, metadata={"file_path": filepath})


class AnnotateStep(PipelineStep):
    """The project's annotation: each raw document becomes the rows of every config."""

    name = "danvan annotate"
    type = "annotation"

    def __init__(
        self,
        seeds: str | None = None,
        annotations: str | None = None,
        ner_model: str | None = None,
        parser_model: str | None = None,
    ):
        """Models are given as paths (default: the shipped ones) and loaded in the worker that runs the step."""
        super().__init__()
        self.seeds = Path(seeds) if seeds else None
        self.annotations = Path(annotations) if annotations else None
        self.ner_model = Path(ner_model) if ner_model else None
        self.parser_model = Path(parser_model) if parser_model else None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Yield one datatrove Document per output row, its config and row in the metadata."""
        from danvan.formats.hf_dataset import document_records

        tagger, parser = load_ner_tagger(self.ner_model), load_parser(self.parser_model)
        for doc in data:
            gold_path = self.annotations / f"{doc.id}.ann" if self.annotations else None
            metadata_path = self.seeds / f"{doc.id}.json" if self.seeds else None
            gold = read_annotations(gold_path, doc.text) if gold_path and gold_path.exists() else None
            metadata = read_metadata(metadata_path) if metadata_path and metadata_path.exists() else None
            document = annotate_document(doc.id, doc.text, tagger, parser, gold, metadata)
            self.stat_update("documents")
            for config, rows in document_records(document).items():
                for row in rows:
                    yield DatatroveDocument(text="", id=row["id"], metadata={"config": config, "row": row})


def _row(writer: ParquetWriter, document: DatatroveDocument) -> dict[str, Any]:
    return document.metadata["row"]


class ConfigParquetWriter(ParquetWriter):
    """datatrove's ParquetWriter, one file per config and rank, each with its config's HF features."""

    def __init__(self, output_folder: str, batch_size: int = 200) -> None:
        super().__init__(
            output_folder,
            output_filename="${config}/${rank}.parquet",
            adapter=_row,
            batch_size=batch_size,
            compression="zstd",
        )

    def _use_schema_of(self, filename: str) -> None:
        self.schema = FEATURES[filename.split("/")[0]].arrow_schema

    def _write(self, document: dict, file_handler: IO, filename: str) -> None:
        self._use_schema_of(filename)
        super()._write(document, file_handler, filename)

    def _write_batch(self, filename: str) -> None:
        self._use_schema_of(filename)
        super()._write_batch(filename)


def datatrove_card(out: Path) -> str:
    """A minimal dataset card so ``load_dataset(out, config)`` finds every config's files."""
    lines = ["---", "configs:"]
    for config in CONFIGS:
        lines += [f"- config_name: {config}", "  data_files:", "  - split: train", f"    path: {config}/*.parquet"]
    return "\n".join(
        [*lines, "---", "", "Built by danvan's datatrove pipeline; see the corpus card for the fields.", ""]
    )


def build_pipeline(input_folder: str, out: str, seeds: str | None, annotations: str | None) -> list[PipelineStep]:
    """Reader, annotation step and writer: the pipeline any datatrove executor can run."""
    return [RawTextReader(input_folder), AnnotateStep(seeds or input_folder, annotations), ConfigParquetWriter(out)]

"""Storage: dvc's data folder, atomic owner-only writes, answers files and drafts."""

"""The core: pure Python, no terminal and no files (the procedure model, expressions,
answer types, the interview, the checklist's content)."""

"""Rendering: form values, PDF forms, checklist PDF and Markdown, one person's output folder."""

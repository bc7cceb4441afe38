"""Authoring: dvc check (lint) and the kit that builds form templates."""

"""The demo district generator (`shequ demo`): a deterministic synthetic district."""

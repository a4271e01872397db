"""The mediation line's imports (数据导入; docs/imports.md), in go-live order: committees and
their members, mediators, training, screenings, the case register. Registered in `line.py`."""

"""The corrections line's imports (sifa.core.imports): subjects under correction at go-live
(`subjects`), investigation assessments (`investigations`) and check-in history (`check_ins`).
Registered in line.py."""

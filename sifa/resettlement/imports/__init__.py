"""The resettlement line's import (sifa.core.imports): released persons under assistance at
go-live (`persons`). Registered in line.py."""

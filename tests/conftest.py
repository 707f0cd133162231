import sys
from pathlib import Path

# Test helpers (fixtures_lib, generators) are imported by plain name.
sys.path.insert(0, str(Path(__file__).parent))

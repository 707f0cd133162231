import os
import sys
from pathlib import Path

# Test helpers (fixtures_lib, generators) are imported by plain name.
sys.path.insert(0, str(Path(__file__).parent))

# A corpus run stamps its records with the run's time ("added"); tests that compare the
# outputs of two runs (worker counts, resumes) need the same time in both, as a
# reproducible build would set it. Tests of the time itself unset it.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
